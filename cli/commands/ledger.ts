import { formatAmount } from '../../domain/income/index.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { auditLedger } from '../../projections/ledger/ledger-audit.js';
import { ledgerProjection } from '../../projections/ledger/ledger-projection.js';
import { ledgerRows, ledgerSummary, type LedgerGrouping } from '../../projections/ledger/ledger-report.js';
import { ledgerFigures } from '../../projections/ledger/queries.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { render, table } from '../output.js';

export const usage = 'swarm ledger [--by product|source|day] [--json] | ledger --audit   (exit 1 when the projection and the log disagree)';

const groupings: readonly LedgerGrouping[] = ['product', 'source', 'day'];

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { by: { type: 'string' }, audit: { type: 'boolean' } });
  if (positionals.length > 0) throw badInput(`ledger: unexpected argument "${positionals[0]}"`);
  const json = !!f.json;
  const rt = await ctx.runtime();
  if (f.audit) {
    if (v.by !== undefined) throw badInput('--audit and --by cannot be combined (the audit checks every figure)', { field: '--by' });
    const audit = await auditLedger(rt.log, rt.projections);
    // With --json the audit is the one JSON document on stdout, its verdict in `ok` and the exit code (1 on a mismatch).
    if (json) {
      ctx.out(JSON.stringify(audit));
      if (!audit.ok) ctx.setExitCode(1);
      return;
    }
    if (audit.ok) {
      ctx.out(`ledger audit: OK (${audit.sales} sales, ${audit.refunds} refunds)`);
      return;
    }
    const lines = audit.differences.map((d) => `  ${d.path}: projection ${JSON.stringify(d.projected)}, log ${JSON.stringify(d.recomputed)}`);
    throw refused(`ledger audit: MISMATCH at log position ${audit.position} (${audit.differences.length} difference${audit.differences.length === 1 ? '' : 's'})\n${lines.join('\n')}`, {
      differences: audit.differences,
    });
  }
  if (v.by !== undefined && !groupings.includes(v.by as LedgerGrouping))
    throw badInput(`--by: expected one of ${groupings.join(', ')}, got "${v.by}"`, { field: '--by' });
  const figures = ledgerFigures(await freshReader(rt.log, rt.projections, ledgerProjection));
  if (v.by !== undefined) {
    const by = v.by as LedgerGrouping;
    const rows = ledgerRows(figures, by);
    const columns =
      by === 'day'
        ? ['day', 'currency', 'sales', 'refunds', 'net', 'tokens', 'costUsd', 'incomePer1kTokens', 'incomePerUsdCost']
        : [by, 'currency', 'sales', 'refunds', 'gross', 'refunded', 'net'];
    ctx.out(json ? JSON.stringify({ by, rows }) : table(rows, columns));
    return;
  }
  const summary = ledgerSummary(figures);
  ctx.out(
    render(summary, { json }, () =>
      [
        table(summary.totals, ['currency', 'sales', 'refunds', 'gross', 'refunded', 'net', 'incomePer1kTokens', 'incomePerUsdCost']),
        `tokens: ${summary.tokens.totalTokens} (${summary.tokens.inputTokens} in, ${summary.tokens.outputTokens} out), model cost $${formatAmount(Math.round(summary.tokens.costUsd * 100), 'USD')}`,
      ].join('\n'),
    ),
  );
};
