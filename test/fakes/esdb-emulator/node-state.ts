// What the emulated node is and knows, shared by its call handlers.
import { AppendFaults } from './append-faults.js';
import type { EmulatorLog } from './emulator-log.js';
import type { LeaderEndpoint } from './node-role.js';
import type { NodeUser } from './node-security.js';

export interface NodeStats {
  /** Calls of Streams.Append (the client's path when BatchAppend is not offered). */
  appends: number;
  /** Appends (correlation ids) received over Streams.BatchAppend, the client's production path. */
  batchAppends: number;
}

export interface NodeState {
  readonly log: EmulatorLog;
  readonly maxAppendSize: number;
  readonly olderServer: boolean;
  /** Set when this node is a follower: the leader it names in NotLeader. */
  readonly leader: LeaderEndpoint | undefined;
  /** Set when the node requires a user's credentials on every call. */
  readonly user: NodeUser | undefined;
  readonly faults: AppendFaults;
  readonly stats: NodeStats;
}
