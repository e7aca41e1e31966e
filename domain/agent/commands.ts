import * as t from 'io-ts';
import { NonEmptyText } from '../run/quantities.js';
import { AgentStatus } from './events.js';

export const ChangeAgentStatus = t.intersection([
  t.type({ type: t.literal('ChangeAgentStatus'), status: AgentStatus }),
  t.partial({ currentTaskId: t.string, reason: t.string }),
]);
/** A beat from the agent's run; its time is the decision's `now`. */
export const RecordHeartbeat = t.type({ type: t.literal('RecordHeartbeat') });
export const PauseAgent = t.type({ type: t.literal('PauseAgent'), reason: NonEmptyText });
export const ResumeAgent = t.type({ type: t.literal('ResumeAgent'), reason: NonEmptyText });

export const AgentCommandCodec = t.union([ChangeAgentStatus, RecordHeartbeat, PauseAgent, ResumeAgent]);
export type AgentCommand = t.TypeOf<typeof AgentCommandCodec>;
