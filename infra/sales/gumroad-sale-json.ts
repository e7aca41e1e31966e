import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { describeValidationError } from '../../domain/decode.js';

const Cents = t.refinement(t.number, Number.isSafeInteger, 'a whole number of cents');

/**
 * A sale as Gumroad's API v2 sends it (GET /v2/sales and /v2/sales/:id; antiwork/gumroad `Purchase#as_json`,
 * version 2), the fields the ledger needs. Gumroad's own JSON has no currency code: `price` is the purchase's
 * `price_cents`, in US cents, and `currency_symbol` with `amount_refundable_in_currency` (a formatted amount, no
 * symbol) are in the product's display currency. `currency` and `amount_refunded` (cents) are honoured when a
 * service sends them.
 */
export const GumroadSaleJson = t.intersection([
  t.type({
    id: t.string,
    product_name: t.string,
    price: Cents,
    created_at: t.refinement(t.string, (s) => !Number.isNaN(Date.parse(s)), 'a time'),
  }),
  t.partial({
    product_id: t.string,
    currency: t.refinement(t.string, (c) => /^[A-Za-z]{3}$/.test(c), 'a 3-letter currency code'),
    currency_symbol: t.string,
    refunded: t.boolean,
    partially_refunded: t.boolean,
    amount_refunded: Cents,
    amount_refundable_in_currency: t.string,
  }),
]);
export type GumroadSaleJson = t.TypeOf<typeof GumroadSaleJson>;

/** A Gumroad sale as the ledger takes it. */
export interface GumroadSale {
  readonly id: string;
  readonly product_name: string;
  readonly product_id?: string;
  /** The price paid, in the currency's minor units (cents). */
  readonly price: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  readonly created_at: string;
  readonly refunded: boolean;
  /**
   * Cents of `price` refunded so far; a string says why it is unknown (a partial refund Gumroad reports only in
   * another display currency): the sale is recorded, its refund left to a person (`swarm income refund`).
   */
  readonly refundedCents: number | string;
}

/** Symbols Gumroad shows for US dollars (`symbol_for(:usd)`): only then is the refundable amount in `price`'s cents. */
const usDollarSymbols = new Set(['$', 'US$']);

/** "1,234.5" → 123450; undefined unless a plain amount with at most two decimals. */
const centsOfAmount = (amount: string): number | undefined => {
  const plain = amount.replace(/,/g, '').trim();
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return undefined;
  const [whole, fraction = ''] = plain.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

const refundedCentsOf = (sale: GumroadSaleJson, currency: string): number | string => {
  if (sale.amount_refunded !== undefined) return sale.amount_refunded;
  if (sale.refunded === true) return sale.price;
  if (sale.partially_refunded !== true) return 0;
  const refundable = sale.amount_refundable_in_currency;
  const sameCurrency = sale.currency !== undefined || sale.currency_symbol === undefined || usDollarSymbols.has(sale.currency_symbol);
  const stillRefundable = refundable === undefined || !sameCurrency ? undefined : centsOfAmount(refundable);
  if (stillRefundable === undefined || stillRefundable > sale.price)
    return `partially refunded, but Gumroad gives what is left to refund as "${refundable ?? ''}"${sale.currency_symbol ? ` in ${sale.currency_symbol}` : ''}, not in the sale's ${currency} cents`;
  return sale.price - stillRefundable;
};

/** Gumroad's sale JSON as a ledger sale, or the first field that does not decode and why. */
export const saleFromJson = (raw: unknown): Either<{ readonly id?: string; readonly reason: string }, GumroadSale> => {
  const decoded = GumroadSaleJson.decode(raw);
  if (isLeft(decoded)) {
    const id = (raw as { id?: unknown } | null)?.id;
    const problem = describeValidationError(decoded.left[0]!);
    return left({ ...(typeof id === 'string' ? { id } : {}), reason: `${problem.field}: ${problem.message}` });
  }
  const sale = decoded.right;
  const currency = (sale.currency ?? 'USD').toUpperCase();
  return right({
    id: sale.id,
    product_name: sale.product_name,
    ...(sale.product_id !== undefined ? { product_id: sale.product_id } : {}),
    price: sale.price,
    currency,
    created_at: sale.created_at,
    refunded: sale.refunded === true,
    refundedCents: refundedCentsOf(sale, currency),
  });
};
