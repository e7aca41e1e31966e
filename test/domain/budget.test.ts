import { test } from 'uvu';
import { budgetDecider, type BudgetContext, type BudgetEvent } from '../../domain/budget/index.js';
import { spec } from './spec.js';

const ctx = (actor: BudgetContext['actor'] = { kind: 'system', id: 'budget-guard' }, defaultDailyTokens = 0): BudgetContext => ({
  now: '2026-11-24T10:00:00.000Z',
  actor,
  defaultDailyTokens,
  warningThreshold: 0.7,
});
const guard = ctx();
const ana = ctx({ kind: 'human', id: 'ana' });
const builder = ctx({ kind: 'agent', id: 'builder' });
const day = '2026-11-24';
const set: BudgetEvent = { type: 'BudgetSet', data: { dailyTokens: 1000, by: 'ana' } };
const warned: BudgetEvent = { type: 'BudgetWarningRaised', data: { day, used: 700, limit: 1000 } };
const exhausted: BudgetEvent = { type: 'BudgetExhausted', data: { day, used: 1000, limit: 1000 } };

test('a person sets a daily budget', () => {
  spec(budgetDecider).given([]).when({ type: 'SetBudget', dailyTokens: 1000 }, ana).thenEvents([set]);
});

test('an agent may not set a budget', () => {
  spec(budgetDecider).given([]).when({ type: 'SetBudget', dailyTokens: 10 ** 9 }, builder).thenFails('forbidden');
});

test('usage below 70% raises nothing', () => {
  spec(budgetDecider).given([set]).when({ type: 'RecordUsage', day, usedToday: 699 }, guard).thenEvents([]);
});

test('usage at 70% raises the day’s warning (W-12: counted in the log, not per process)', () => {
  spec(budgetDecider).given([set]).when({ type: 'RecordUsage', day, usedToday: 700 }, guard).thenEvents([warned]);
});

test('the warning is raised once per day however often usage is reported', () => {
  spec(budgetDecider).given([set, warned]).when({ type: 'RecordUsage', day, usedToday: 800 }, guard).thenEvents([]);
});

test('the warning is raised again on the next day', () => {
  spec(budgetDecider)
    .given([set, warned])
    .when({ type: 'RecordUsage', day: '2026-11-25', usedToday: 700 }, guard)
    .thenEvents([{ type: 'BudgetWarningRaised', data: { day: '2026-11-25', used: 700, limit: 1000 } }]);
});

test('usage at 100% exhausts the budget once per day', () => {
  spec(budgetDecider).given([set, warned]).when({ type: 'RecordUsage', day, usedToday: 1000 }, guard).thenEvents([exhausted]);
  spec(budgetDecider).given([set, warned, exhausted]).when({ type: 'RecordUsage', day, usedToday: 1500 }, guard).thenEvents([]);
});

test('a jump straight past the limit raises both the warning and the exhaustion', () => {
  spec(budgetDecider)
    .given([set])
    .when({ type: 'RecordUsage', day, usedToday: 1200 }, guard)
    .thenEvents([
      { type: 'BudgetWarningRaised', data: { day, used: 1200, limit: 1000 } },
      { type: 'BudgetExhausted', data: { day, used: 1200, limit: 1000 } },
    ]);
});

test('without a budget set the configured default applies, and 0 means unlimited', () => {
  spec(budgetDecider).given([]).when({ type: 'RecordUsage', day, usedToday: 10 ** 9 }, guard).thenEvents([]);
  spec(budgetDecider)
    .given([])
    .when({ type: 'RecordUsage', day, usedToday: 500 }, ctx(undefined, 500))
    .thenEvents([
      { type: 'BudgetWarningRaised', data: { day, used: 500, limit: 500 } },
      { type: 'BudgetExhausted', data: { day, used: 500, limit: 500 } },
    ]);
});

test('an agent may not raise its budget', () => {
  spec(budgetDecider).given([set, exhausted]).when({ type: 'RaiseBudget', day, dailyTokens: 5000 }, builder).thenFails('forbidden');
});

test('a raise must be above the limit in force', () => {
  spec(budgetDecider).given([set, exhausted]).when({ type: 'RaiseBudget', day, dailyTokens: 900 }, ana).thenFails('invalid', { field: 'dailyTokens' });
});

test('after a raise the day can be exhausted again at the new limit', () => {
  const raised: BudgetEvent = { type: 'BudgetRaised', data: { day, dailyTokens: 2000, by: 'ana' } };
  spec(budgetDecider).given([set, exhausted]).when({ type: 'RaiseBudget', day, dailyTokens: 2000 }, ana).thenEvents([raised]);
  spec(budgetDecider).given([set, warned, exhausted, raised]).when({ type: 'RecordUsage', day, usedToday: 1500 }, guard).thenEvents([]);
  spec(budgetDecider)
    .given([set, warned, exhausted, raised])
    .when({ type: 'RecordUsage', day, usedToday: 2000 }, guard)
    .thenEvents([{ type: 'BudgetExhausted', data: { day, used: 2000, limit: 2000 } }]);
});

test('a person resumes work past an exhausted budget, and the day is not exhausted again', () => {
  const resumed: BudgetEvent = { type: 'BudgetResumed', data: { day, by: 'ana' } };
  spec(budgetDecider).given([set, exhausted]).when({ type: 'ResumeBudget', day }, ana).thenEvents([resumed]);
  spec(budgetDecider).given([set, exhausted, resumed]).when({ type: 'RecordUsage', day, usedToday: 5000 }, guard).thenEvents([]);
});

test('there is nothing to resume on a day the budget was not exhausted', () => {
  spec(budgetDecider).given([set]).when({ type: 'ResumeBudget', day }, ana).thenFails('conflict');
});

test.run();
