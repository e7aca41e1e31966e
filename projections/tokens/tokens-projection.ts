import type { RecordedEvent } from '../../domain/log/envelope.js';
import { dayOf } from '../../domain/run/quantities.js';
import { microUsd, type TokensUsedData } from '../../domain/run/index.js';
import { collectionOf, mergeCollections, type Mutable } from '../engine/fold-documents.js';
import { createMemoryDocs, memoryWriter, sortedDocs } from '../engine/memory-docs.js';
import type { DocWriter, Projection } from '../engine/projection.js';

/** Tokens spent on one UTC day, by one agent (`agent` set) or by the whole swarm. */
export interface TokenUsage {
  readonly day: string;
  readonly agent?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** Model cost in micro-USD: integer sums, so totals never drift. */
  readonly costMicroUsd: number;
  readonly reports: number;
  readonly lastPosition: number;
}

/** A budget scope (an agent or `swarm`): the standing limit, and what happened on each day. */
export interface BudgetView {
  readonly scope: string;
  readonly dailyTokens?: number;
  readonly setBy?: string;
  readonly lastPosition: number;
}

export interface BudgetDayView {
  readonly scope: string;
  readonly day: string;
  readonly raisedTo?: number;
  readonly warned?: { readonly used: number; readonly limit: number };
  readonly exhausted?: { readonly used: number; readonly limit: number };
  readonly resumed?: boolean;
  readonly lastPosition: number;
}

const add = (prev: TokenUsage | undefined, base: { day: string; agent?: string }, data: TokensUsedData, position: number): TokenUsage => ({
  ...base,
  inputTokens: (prev?.inputTokens ?? 0) + data.inputTokens,
  outputTokens: (prev?.outputTokens ?? 0) + data.outputTokens,
  totalTokens: (prev?.totalTokens ?? 0) + data.inputTokens + data.outputTokens,
  costMicroUsd: (prev?.costMicroUsd ?? 0) + microUsd(data.costUsd),
  reports: (prev?.reports ?? 0) + 1,
  lastPosition: position,
});

/** Each document remembers the last event folded into it, so a redelivered event adds nothing twice. */
const seen = (doc: { lastPosition: number } | undefined, e: RecordedEvent) => doc !== undefined && doc.lastPosition >= e.position;

const scopeOf = (stream: string) => stream.slice('budget-'.length);

/**
 * Token usage by agent and day and for the swarm by day (SPEC §4), and budgets by scope and day. Usage is counted
 * from TokensUsed only (RunFinished's totals are their sum), on the UTC day the event was recorded.
 */
export const tokensProjection: Projection = {
  name: 'tokens',
  version: 1,
  eventTypes: ['TokensUsed', 'BudgetSet', 'BudgetWarningRaised', 'BudgetExhausted', 'BudgetRaised', 'BudgetResumed'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    if (e.type === 'TokensUsed') {
      const data = e.data as TokensUsedData;
      const day = dayOf(e.metadata.at);
      const agentKey = `${day}|${data.agent}`;
      const byAgent = docs.get<TokenUsage>('agent-day', agentKey);
      if (!seen(byAgent, e)) docs.put('agent-day', agentKey, add(byAgent, { day, agent: data.agent }, data, e.position));
      const swarm = docs.get<TokenUsage>('day', day);
      if (!seen(swarm, e)) docs.put('day', day, add(swarm, { day }, data, e.position));
      return;
    }
    const scope = scopeOf(e.stream);
    if (e.type === 'BudgetSet') {
      const prev = docs.get<BudgetView>('budgets', scope);
      if (seen(prev, e)) return;
      const data = e.data as { dailyTokens: number; by: string };
      docs.put('budgets', scope, { scope, dailyTokens: data.dailyTokens, setBy: data.by, lastPosition: e.position });
      return;
    }
    const data = e.data as { day: string; used?: number; limit?: number; dailyTokens?: number };
    const key = `${scope}|${data.day}`;
    const prev = docs.get<BudgetDayView>('budget-days', key);
    if (seen(prev, e)) return;
    const base: BudgetDayView = { ...(prev ?? { scope, day: data.day }), lastPosition: e.position };
    const facts = { used: data.used!, limit: data.limit! };
    switch (e.type) {
      case 'BudgetWarningRaised':
        return docs.put('budget-days', key, { ...base, warned: facts });
      case 'BudgetExhausted':
        return docs.put('budget-days', key, { ...base, exhausted: facts });
      case 'BudgetRaised':
        return docs.put('budget-days', key, { ...base, raisedTo: data.dailyTokens });
      case 'BudgetResumed':
        return docs.put('budget-days', key, { ...base, resumed: true });
    }
  },
  // A rebuild sums token usage in place (documents made once per key, in `add`'s property order); the rarer budget
  // events go through `apply` into their own collections.
  foldFromStart: () => {
    const byAgentDay = new Map<string, Mutable<TokenUsage>>();
    const byDay = new Map<string, Mutable<TokenUsage>>();
    const budgets = createMemoryDocs();
    const budgetWriter = memoryWriter(budgets);
    const sum = (docs: Map<string, Mutable<TokenUsage>>, key: string, base: { day: string; agent?: string }, data: TokensUsedData, position: number) => {
      const prev = docs.get(key);
      if (prev && prev.lastPosition >= position) return;
      if (!prev) return void docs.set(key, add(undefined, base, data, position));
      prev.inputTokens += data.inputTokens;
      prev.outputTokens += data.outputTokens;
      prev.totalTokens += data.inputTokens + data.outputTokens;
      prev.costMicroUsd += microUsd(data.costUsd);
      prev.reports += 1;
      prev.lastPosition = position;
    };
    return {
      apply: (e) => {
        if (e.type !== 'TokensUsed') return tokensProjection.apply(budgetWriter, e);
        const data = e.data as TokensUsedData;
        const day = dayOf(e.metadata.at);
        sum(byAgentDay, `${day}|${data.agent}`, { day, agent: data.agent }, data, e.position);
        sum(byDay, day, { day }, data, e.position);
      },
      documents: () => mergeCollections(collectionOf('agent-day', byAgentDay), collectionOf('day', byDay), sortedDocs(budgets)),
    };
  },
};
