import { isLeft } from 'fp-ts/lib/Either.js';
import { decideGateItem, type GateDecision } from '../../processes/commands/gate-decisions.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';

/**
 * What `swarm approve|reject|defer` share: one id (a project or product approval, or a unique prefix), human-only,
 * the decision through the gate services, the outcome (with the task it started) through the one formatter.
 */
export const decideFromCli = async (
  ctx: CliContext,
  decision: 'approve' | 'reject' | 'defer',
  positionals: readonly string[],
  extra: { note?: string; reason?: string; overrideTests?: boolean },
  json: boolean,
): Promise<void> => {
  const [id, ...rest] = positionals;
  if (!id) throw badInput('ID is required: a project or product-approval id, or a unique prefix', { field: 'id' });
  if (rest.length) throw badInput(`unexpected argument "${rest[0]}"${decision === 'reject' ? ' (give the reason with --reason)' : ''}`, { field: 'arguments' });
  // The gates are for people: refuse an agent run before looking anything up (the rule itself is in the deciders).
  if (ctx.agent) throw refused(`only a human operator may ${decision} (SWARM_AGENT is set: this is agent "${ctx.agent}")`);
  const decided = await decideGateItem(await ctx.runtime(), cliCaller(ctx), { id, decision, ...extra });
  if (isLeft(decided)) return failOn(decided.left);
  const d: GateDecision = decided.right;
  const started = d.kind === 'project' ? d.buildTaskId && `build_product task ${d.buildTaskId}` : d.publishTaskId ? `publish task ${d.publishTaskId}` : d.fixTaskId && `fix_product task ${d.fixTaskId} for builder`;
  const failed = d.followUps.filter((f) => f.error);
  ctx.out(
    render(d, { json }, () =>
      [
        `${d.kind === 'project' ? `project "${d.title}"` : `product "${d.productName}"`} (${d.kind === 'project' ? d.projectId : d.approvalId}) is ${d.status}`,
        ...(started ? [`started ${started}`] : []),
        ...failed.map((f) => `warning: ${f.purpose} failed: ${f.error!.message}`),
      ].join('\n'),
    ),
  );
};
