import { isLeft } from 'fp-ts/lib/Either.js';
import { defaultGumroadApiUrl } from '../../infra/publishing/gumroad-products.js';
import { processSecrets } from '../../infra/secrets/process-secrets.js';
import { syncGumroadSales } from '../../processes/sales/sync-gumroad-sales.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { render } from '../output.js';

const day = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `swarm income sync gumroad [--after YYYY-MM-DD]`: the same importer the scheduler runs (every sale once, refunds
 * as refunds). Prints what it recorded and what it skipped (with why); exit 1 when Gumroad could not be read.
 */
export const syncIncome = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { after: { type: 'string' } });
  const [source, extra] = positionals;
  if (source !== 'gumroad') throw badInput(`income sync: expected the source "gumroad", got ${source === undefined ? 'nothing' : `"${source}"`}`, { field: 'source' });
  if (extra !== undefined) throw badInput(`unexpected argument "${extra}"`, { field: 'arguments' });
  if (v.after !== undefined && (!day.test(v.after) || Number.isNaN(Date.parse(v.after)))) throw badInput(`--after: expected a day as YYYY-MM-DD, got "${v.after}"`, { field: '--after' });
  const secrets = await processSecrets();
  if (isLeft(secrets)) throw refused(`income sync: the secrets could not be read: ${secrets.left}`);
  const result = await syncGumroadSales(await ctx.runtime(), cliCaller(ctx), {
    apiUrl: process.env.GUMROAD_API_URL || defaultGumroadApiUrl,
    token: secrets.right.get('GUMROAD_ACCESS_TOKEN'),
    ...(v.after ? { after: v.after } : {}),
  });
  const r = result.report;
  ctx.out(
    render(result.ok ? r : { ...r, error: result.message }, { json: !!f.json }, () =>
      [
        `gumroad: ${r.seen} sales seen on ${r.pages} page${r.pages === 1 ? '' : 's'}: ${r.recorded} recorded, ${r.alreadyRecorded} already in the ledger, ${r.refunds} refunds recorded, ${r.skipped.length} skipped`,
        ...r.skipped.map((s) => `  skipped ${s.id ?? '(no id)'}: ${s.reason}`),
      ].join('\n'),
    ),
  );
  if (!result.ok) throw refused(`income sync gumroad: ${result.message}`, result.setting ? { field: result.setting } : {});
};
