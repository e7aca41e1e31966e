import type { IncomeEvent, Sale } from './events.js';

export interface SaleState {
  readonly sale?: Sale;
  readonly refunds: Readonly<Record<string, { readonly amountMinor: number; readonly reason: string }>>;
  readonly refundedMinor: number;
}

export const initialState: SaleState = { refunds: {}, refundedMinor: 0 };

export const evolve = (s: SaleState, e: IncomeEvent): SaleState => {
  switch (e.type) {
    case 'IncomeRecorded':
      return { ...s, sale: e.data };
    case 'IncomeRefunded':
      return {
        ...s,
        refunds: { ...s.refunds, [e.data.externalRefundId]: { amountMinor: e.data.amountMinor, reason: e.data.reason } },
        refundedMinor: s.refundedMinor + e.data.amountMinor,
      };
  }
};
