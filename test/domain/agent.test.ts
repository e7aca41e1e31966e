import { test } from 'uvu';
import { agentDecider, type AgentEvent } from '../../domain/agent/index.js';
import type { AgentDecisionContext } from '../../domain/agent/index.js';
import { spec } from './spec.js';

const at = (iso: string, actor: AgentDecisionContext['actor'] = { kind: 'system', id: 'dispatcher' }): AgentDecisionContext => ({ now: iso, actor, agent: 'builder' });
const ctx = at('2026-11-24T10:00:00.000Z');
const beat = (iso: string): AgentEvent => ({ type: 'AgentHeartbeat', data: { at: iso } });
const paused: AgentEvent = { type: 'AgentPaused', data: { by: 'budget-guard', reason: 'daily budget exhausted' } };

test('a status change is recorded with the current task', () => {
  spec(agentDecider)
    .given([])
    .when({ type: 'ChangeAgentStatus', status: 'working', currentTaskId: 't-1' }, ctx)
    .thenEvents([{ type: 'AgentStatusChanged', data: { status: 'working', currentTaskId: 't-1' } }]);
});

test('setting the status it already has appends nothing', () => {
  spec(agentDecider)
    .given([{ type: 'AgentStatusChanged', data: { status: 'idle' } }])
    .when({ type: 'ChangeAgentStatus', status: 'idle' }, ctx)
    .thenEvents([]);
});

test('the first heartbeat is recorded at the decision time (W-13: beats are periodic)', () => {
  spec(agentDecider).given([]).when({ type: 'RecordHeartbeat' }, ctx).thenEvents([beat('2026-11-24T10:00:00.000Z')]);
});

test('a heartbeat within 30 s of the last one is skipped to keep the log small', () => {
  spec(agentDecider).given([beat('2026-11-24T09:59:40.000Z')]).when({ type: 'RecordHeartbeat' }, ctx).thenEvents([]);
});

test('a heartbeat 30 s or more after the last one is recorded', () => {
  spec(agentDecider).given([beat('2026-11-24T09:59:30.000Z')]).when({ type: 'RecordHeartbeat' }, ctx).thenEvents([beat('2026-11-24T10:00:00.000Z')]);
});

test('an agent may not report for another agent', () => {
  spec(agentDecider).given([]).when({ type: 'RecordHeartbeat' }, at(ctx.now, { kind: 'agent', id: 'critic' })).thenFails('forbidden', { field: 'agent' });
});

test('a paused agent is not given work', () => {
  spec(agentDecider).given([paused]).when({ type: 'ChangeAgentStatus', status: 'working', currentTaskId: 't-2' }, ctx).thenFails('conflict', { field: 'status' });
});

test('pausing records who paused and why; pausing again appends nothing', () => {
  spec(agentDecider)
    .given([])
    .when({ type: 'PauseAgent', reason: 'daily budget exhausted' }, at(ctx.now, { kind: 'system', id: 'budget-guard' }))
    .thenEvents([paused]);
  spec(agentDecider).given([paused]).when({ type: 'PauseAgent', reason: 'again' }, ctx).thenEvents([]);
});

test('an agent cannot resume itself past a pause', () => {
  spec(agentDecider).given([paused]).when({ type: 'ResumeAgent', reason: 'I want to work' }, at(ctx.now, { kind: 'agent', id: 'builder' })).thenFails('forbidden');
});

test('a person resumes a paused agent', () => {
  spec(agentDecider)
    .given([paused])
    .when({ type: 'ResumeAgent', reason: 'budget raised' }, at(ctx.now, { kind: 'human', id: 'ana' }))
    .thenEvents([{ type: 'AgentResumed', data: { by: 'ana', reason: 'budget raised' } }]);
});

test.run();
