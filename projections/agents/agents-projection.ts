import type { AgentStatus } from '../../domain/agent/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { Mutable } from '../engine/fold-documents.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface AgentView {
  readonly agent: string;
  readonly status: AgentStatus;
  readonly currentTaskId?: string;
  readonly reason?: string;
  readonly paused: boolean;
  /** When the status last changed. */
  readonly since?: string;
  readonly lastHeartbeatAt?: string;
  readonly lastPosition: number;
}

/** The agents' statuses, current tasks and last heartbeats (SPEC §3.7), one document per agent. */
export const agentsProjection: Projection = {
  name: 'agents',
  version: 1,
  eventTypes: ['AgentStatusChanged', 'AgentHeartbeat', 'AgentPaused', 'AgentResumed'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const agent = e.stream.slice('agent-'.length);
    const prev = docs.get<AgentView>('agents', agent);
    if (prev && prev.lastPosition >= e.position) return;
    // Object.assign rather than leading spreads: V8 (Node 20) adds each property after a leading spread through a
    // runtime call, and heartbeats are the most frequent event here. The documents keep the spreads' key order.
    const base: Mutable<AgentView> = Object.assign({}, prev ?? { agent, status: 'offline' as AgentStatus, paused: false }, { lastPosition: e.position });
    const data = e.data as { status?: AgentStatus; currentTaskId?: string; reason?: string; at?: string };
    switch (e.type) {
      case 'AgentStatusChanged': {
        const { currentTaskId: _task, reason: _reason, ...rest } = base;
        return docs.put(
          'agents',
          agent,
          Object.assign(
            rest,
            { status: data.status },
            data.currentTaskId !== undefined ? { currentTaskId: data.currentTaskId } : {},
            data.reason !== undefined ? { reason: data.reason } : {},
            { since: e.metadata.at },
          ),
        );
      }
      case 'AgentHeartbeat':
        return docs.put('agents', agent, Object.assign(base, { lastHeartbeatAt: data.at }));
      case 'AgentPaused':
        return docs.put('agents', agent, Object.assign(base, { status: 'paused', paused: true, reason: data.reason, since: e.metadata.at }));
      case 'AgentResumed': {
        const { currentTaskId: _task, reason: _reason, ...rest } = base;
        return docs.put('agents', agent, Object.assign(rest, { status: 'idle', paused: false, since: e.metadata.at }));
      }
    }
  },
};
