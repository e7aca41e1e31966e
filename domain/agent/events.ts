import * as t from 'io-ts';
import { IsoTime } from '../run/quantities.js';

export const AgentStatus = t.keyof(
  { online: null, working: null, idle: null, paused: null, rate_limited: null, budget_exceeded: null, offline: null },
  'one of online, working, idle, paused, rate_limited, budget_exceeded, offline',
);
export type AgentStatus = t.TypeOf<typeof AgentStatus>;

export const AgentStatusChanged = t.type({
  type: t.literal('AgentStatusChanged'),
  data: t.intersection([t.type({ status: AgentStatus }), t.partial({ currentTaskId: t.string, reason: t.string })]),
});
export const AgentHeartbeat = t.type({ type: t.literal('AgentHeartbeat'), data: t.type({ at: IsoTime }) });
export const AgentPaused = t.type({ type: t.literal('AgentPaused'), data: t.type({ by: t.string, reason: t.string }) });
export const AgentResumed = t.type({ type: t.literal('AgentResumed'), data: t.type({ by: t.string, reason: t.string }) });

export const AgentEventCodec = t.union([AgentStatusChanged, AgentHeartbeat, AgentPaused, AgentResumed]);
export type AgentEvent = t.TypeOf<typeof AgentEventCodec>;
