import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, notFound, type DomainError } from '../errors.js';
import type { IncomeCommand } from './commands.js';
import type { IncomeEvent } from './events.js';
import { formatAmount } from './money.js';
import type { SaleState } from './state.js';

const none: readonly IncomeEvent[] = [];

/**
 * A sale is recorded once per source and external id: the same report again (a retried webhook, an agent
 * reporting twice) appends nothing; a report that disagrees with the recorded sale is refused, never overwritten.
 */
export const decide = (cmd: IncomeCommand, s: SaleState, ctx: DecisionContext): Either<DomainError, readonly IncomeEvent[]> => {
  switch (cmd.type) {
    case 'RecordIncome': {
      if (!s.sale) {
        const { type: _type, occurredAt, ...sale } = cmd;
        return right([{ type: 'IncomeRecorded', data: { ...sale, occurredAt: occurredAt ?? ctx.now } }]);
      }
      const differing: string[] = (['product', 'amountMinor', 'currency'] as const).filter((f) => cmd[f] !== s.sale![f]);
      // Without a time, a repeated report agrees with the recorded one; with one, it must match.
      if (cmd.occurredAt !== undefined && Date.parse(cmd.occurredAt) !== Date.parse(s.sale.occurredAt)) differing.push('occurredAt');
      if (differing.length === 0) return right(none);
      return left(
        conflict(`sale ${cmd.source} ${cmd.externalId} is already recorded with a different ${differing.map((f) => (f === 'amountMinor' ? 'amount' : f)).join(', ')}`, {
          field: differing[0] === 'amountMinor' ? 'amount' : differing[0],
          details: { recorded: s.sale },
        }),
      );
    }
    case 'RefundIncome': {
      if (!s.sale) return left(notFound('no such sale: record it before refunding it'));
      const earlier = s.refunds[cmd.externalRefundId];
      if (earlier) {
        if (earlier.amountMinor === cmd.amountMinor && earlier.reason === cmd.reason) return right(none);
        return left(conflict(`refund ${cmd.externalRefundId} is already recorded with different data`, { field: 'externalRefundId', details: { recorded: earlier } }));
      }
      const refundable = s.sale.amountMinor - s.refundedMinor;
      if (cmd.amountMinor > refundable)
        return left(
          conflict(`a refund cannot exceed the sale: ${formatAmount(refundable, s.sale.currency)} ${s.sale.currency} is left to refund`, {
            field: 'amount',
            details: { refundableMinor: refundable },
          }),
        );
      return right([{ type: 'IncomeRefunded', data: { amountMinor: cmd.amountMinor, reason: cmd.reason, externalRefundId: cmd.externalRefundId } }]);
    }
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};
