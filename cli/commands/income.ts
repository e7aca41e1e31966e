import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { formatAmount } from '../../domain/income/index.js';
import { recordIncome, refundIncome } from '../../processes/commands/income-commands.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';
import { syncIncome } from './income-sync.js';

export const usage = [
  'swarm income record --source S --product P --amount 12.34 --currency USD --external-id X [--occurred-at ISO]',
  'swarm income refund --source S --external-id X --amount A --reason R [--refund-id ID]',
  'swarm income sync gumroad [--after YYYY-MM-DD]   (Gumroad sales and refunds into the ledger, each once)',
].join('\n  ');

/** The service names its input fields; the person typed flags, so a refusal names the flag. */
const flagOf: Readonly<Record<string, string>> = {
  source: '--source',
  product: '--product',
  amount: '--amount',
  amountMinor: '--amount',
  currency: '--currency',
  externalId: '--external-id',
  occurredAt: '--occurred-at',
  reason: '--reason',
  refundId: '--refund-id',
  externalRefundId: '--refund-id',
};

const ok = <A>(result: Either<DomainError, A>): A => {
  if (!isLeft(result)) return result.right;
  const e = result.left;
  const flag = e.field === undefined ? undefined : flagOf[e.field];
  if (!flag) return failOn(e);
  const message = e.message.startsWith(`${e.field}:`) ? `${flag}:${e.message.slice(e.field!.length + 1)}` : e.message;
  return failOn({ ...e, field: flag, message });
};

const required = (values: Readonly<Record<string, string | undefined>>, ...flags: string[]) => {
  for (const flag of flags) if (values[flag] === undefined) throw badInput(`--${flag} is required`, { field: `--${flag}` });
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'record': {
      const { values: v, flags: f } = parseCommandArgs(rest, {
        source: { type: 'string' },
        product: { type: 'string' },
        amount: { type: 'string' },
        currency: { type: 'string' },
        'external-id': { type: 'string' },
        'occurred-at': { type: 'string' },
      });
      required(v, 'source', 'product', 'amount', 'currency', 'external-id');
      const input = {
        source: v.source,
        product: v.product,
        amount: v.amount,
        currency: v.currency,
        externalId: v['external-id'],
        ...(v['occurred-at'] !== undefined ? { occurredAt: v['occurred-at'] } : {}),
      };
      const r = ok(await recordIncome(await ctx.runtime(), cliCaller(ctx), input));
      const out = { recorded: r.recorded, duplicate: r.duplicate, stream: r.stream, amountMinor: r.amountMinor, currency: v.currency };
      const shown = `${formatAmount(r.amountMinor, v.currency!)} ${v.currency}`;
      ctx.out(render(out, { json: !!f.json }, () => (r.recorded ? `recorded sale ${v.source} ${v['external-id']}: ${shown} for ${v.product}` : `sale ${v.source} ${v['external-id']} was already recorded (${shown}); nothing appended`)));
      return;
    }
    case 'refund': {
      const { values: v, flags: f } = parseCommandArgs(rest, {
        source: { type: 'string' },
        'external-id': { type: 'string' },
        amount: { type: 'string' },
        reason: { type: 'string' },
        'refund-id': { type: 'string' },
        currency: { type: 'string' },
      });
      required(v, 'source', 'external-id', 'amount', 'reason');
      const input = {
        source: v.source,
        externalId: v['external-id'],
        amount: v.amount,
        reason: v.reason,
        ...(v['refund-id'] !== undefined ? { refundId: v['refund-id'] } : {}),
        ...(v.currency !== undefined ? { currency: v.currency } : {}),
      };
      const r = ok(await refundIncome(await ctx.runtime(), cliCaller(ctx), input));
      const out = { refunded: r.recorded, duplicate: r.duplicate, stream: r.stream, amountMinor: r.amountMinor };
      ctx.out(render(out, { json: !!f.json }, () => (r.recorded ? `refunded ${v.amount} of sale ${v.source} ${v['external-id']}` : `refund already recorded; nothing appended`)));
      return;
    }
    case 'sync':
      return syncIncome(rest, ctx);
    default:
      throw badInput(`income: expected "record", "refund" or "sync", got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage:\n  ${usage}`);
  }
};
