import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';

/** Every event of these types in the log, in order. */
export const eventsOfType = async (log: EventStore, ...types: string[]): Promise<RecordedEvent[]> => {
  const found: RecordedEvent[] = [];
  for await (const e of log.readAll({ fromPosition: 0, filter: { eventTypes: types } })) found.push(e);
  return found;
};

export const countAll = async (log: EventStore): Promise<number> => log.headPosition();

export const projectInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Invoice parser',
  hunterPitch: 'Parse invoices offline',
  hunterRating: 8,
  maxRevenueEstimate: '5000',
  criticEvaluation: 'Solid niche',
  criticRating: 7,
  cons: 'Crowded market',
  differentiation: 'Works offline',
  specPath: 'data/specs/invoice-parser.md',
  effortEstimate: '2 days',
  ...overrides,
});

export const productInput = (overrides: Record<string, unknown> = {}) => ({
  productName: 'Invoice Parser',
  productType: 'product',
  platform: 'gumroad',
  description: 'Parses invoices offline',
  filesPath: 'data/projects/invoice-parser',
  price: 9,
  ...overrides,
});
