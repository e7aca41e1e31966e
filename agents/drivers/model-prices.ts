/**
 * What a model costs, for drivers whose provider reports tokens but no cost (`codex`, `anthropic`). USD per million
 * tokens, list prices as published by the providers; the first entry whose pattern occurs in the model name wins,
 * so specific names come before families. A model missing here costs 0 and the driver says so in a progress note:
 * tokens are still counted, so token budgets keep working. Claude Code reports its own cost (`total_cost_usd`), which
 * the `claude` driver uses as is.
 */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** Input served from the provider's prompt cache. */
  readonly cachedInputPerMillion: number;
  /** Input written to the prompt cache (Anthropic charges it above plain input). */
  readonly cacheWritePerMillion: number;
}

const price = (input: number, output: number, cachedInput = input / 10, cacheWrite = input): ModelPrice => ({
  inputPerMillion: input,
  outputPerMillion: output,
  cachedInputPerMillion: cachedInput,
  cacheWritePerMillion: cacheWrite,
});

export const modelPrices: readonly (readonly [pattern: string, price: ModelPrice])[] = [
  // Anthropic (cache writes at 1.25× input, cache reads at 0.1×)
  ['opus-4-5', price(5, 25, 0.5, 6.25)],
  ['opus-4-6', price(5, 25, 0.5, 6.25)],
  ['opus', price(15, 75, 1.5, 18.75)],
  ['sonnet', price(3, 15, 0.3, 3.75)],
  ['haiku-4', price(1, 5, 0.1, 1.25)],
  ['haiku', price(0.8, 4, 0.08, 1)],
  // OpenAI (cached input as published per model)
  ['gpt-5-codex', price(1.25, 10, 0.125)],
  ['gpt-5-mini', price(0.25, 2, 0.025)],
  ['gpt-5-nano', price(0.05, 0.4, 0.005)],
  ['gpt-5', price(1.25, 10, 0.125)],
  ['gpt-4.1-mini', price(0.4, 1.6, 0.1)],
  ['gpt-4.1-nano', price(0.1, 0.4, 0.025)],
  ['gpt-4.1', price(2, 8, 0.5)],
  ['gpt-4o-mini', price(0.15, 0.6, 0.075)],
  ['gpt-4o', price(2.5, 10, 1.25)],
  ['o4-mini', price(1.1, 4.4, 0.275)],
  ['o3', price(2, 8, 0.5)],
];

export const priceOf = (model: string): ModelPrice | undefined => {
  const name = model.toLowerCase();
  return modelPrices.find(([pattern]) => name.includes(pattern))?.[1];
};

export interface TokenCounts {
  /** Input tokens billed at the plain rate (not cached). */
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
  readonly cacheWrite?: number;
}

/** Cost in USD (rounded to a millionth of a dollar), or undefined when the model has no price. */
export const costOf = (model: string, tokens: TokenCounts): number | undefined => {
  const p = priceOf(model);
  if (!p) return undefined;
  const usd =
    (tokens.input * p.inputPerMillion +
      tokens.output * p.outputPerMillion +
      (tokens.cachedInput ?? 0) * p.cachedInputPerMillion +
      (tokens.cacheWrite ?? 0) * p.cacheWritePerMillion) /
    1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
};
