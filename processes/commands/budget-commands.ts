import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { budgetDecider, budgetStream, swarmBudgetScope, type BudgetCommand } from '../../domain/budget/index.js';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { dayOf, IsoDay, WholeNumber } from '../../domain/run/quantities.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { usageOn } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { originOf } from './command-origin.js';
import { handleCommand, type HandleOptions } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

/**
 * Budget settings from the typed config (`tokens.*`). They are read from the runtime's settings when it carries
 * them; until then the config's defaults apply (unlimited, warning at 70%).
 */
export interface BudgetSettings {
  readonly dailyBudgetPerAgent: number;
  readonly dailyBudgetSwarm: number;
  readonly budgetWarningThreshold: number;
}

const settingsOf = (runtime: SwarmRuntime): BudgetSettings => runtime.settings;

/** `swarm` for the whole swarm, else an agent. */
const Scope = t.refinement(t.string, (s) => s === swarmBudgetScope || roleOfAgent(s) !== undefined, 'swarm or an agent (e.g. builder)');

const SetInput = t.type({ scope: Scope, dailyTokens: WholeNumber });
const DayInput = t.intersection([t.type({ scope: Scope }), t.partial({ day: IsoDay })]);
const RaiseInput = t.intersection([t.type({ scope: Scope, dailyTokens: WholeNumber }), t.partial({ day: IsoDay })]);

export interface BudgetCommandResult {
  readonly scope: string;
  readonly appended: readonly string[];
  readonly position: number;
}

const onBudget = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  scope: string,
  command: BudgetCommand,
  options: Pick<HandleOptions, 'eventIds'> = {},
): Promise<Either<DomainError, BudgetCommandResult>> => {
  const settings = settingsOf(runtime);
  const ctx = {
    now: runtime.now(),
    actor: caller.actor,
    defaultDailyTokens: scope === swarmBudgetScope ? settings.dailyBudgetSwarm : settings.dailyBudgetPerAgent,
    warningThreshold: settings.budgetWarningThreshold,
  };
  const handled = await handleCommand(runtime, budgetDecider, budgetStream(scope), command, ctx, originOf(runtime, caller), options);
  if (isLeft(handled)) return handled;
  return right({ scope, appended: handled.right.events.map((e) => e.type), position: handled.right.position });
};

/** Sets the standing daily token limit of an agent or of the swarm (0 = unlimited); people only. */
export const setBudget = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(SetInput)(input);
  if (isLeft(decoded)) return decoded;
  return onBudget(runtime, caller, decoded.right.scope, { type: 'SetBudget', dailyTokens: decoded.right.dailyTokens });
};

/**
 * The budget guard's step: reads the scope's usage on the day (today by default) from the tokens projection and lets
 * the budget decide whether the day's warning or exhaustion is due; each is appended once per day.
 */
export const checkBudget = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown, options: Pick<HandleOptions, 'eventIds'> = {}) => {
  const decoded = decodeWith(DayInput)(input);
  if (isLeft(decoded)) return decoded;
  const { scope } = decoded.right;
  const day = decoded.right.day ?? dayOf(runtime.now());
  const usage = usageOn(await freshReader(runtime.log, runtime.projections, tokensProjection), day, scope === swarmBudgetScope ? undefined : scope);
  return onBudget(runtime, caller, scope, { type: 'RecordUsage', day, usedToday: usage.totalTokens }, options);
};

/** Lifts the limit for one UTC day (today by default); people only. */
export const raiseBudget = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(RaiseInput)(input);
  if (isLeft(decoded)) return decoded;
  const day = decoded.right.day ?? dayOf(runtime.now());
  return onBudget(runtime, caller, decoded.right.scope, { type: 'RaiseBudget', day, dailyTokens: decoded.right.dailyTokens });
};

/** Lets work go on past an exhausted budget for the rest of the day; people only. */
export const resumeBudget = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(DayInput)(input);
  if (isLeft(decoded)) return decoded;
  const day = decoded.right.day ?? dayOf(runtime.now());
  return onBudget(runtime, caller, decoded.right.scope, { type: 'ResumeBudget', day });
};
