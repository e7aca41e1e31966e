import { isLeft } from 'fp-ts/lib/Either.js';
import { submitProject } from '../../../processes/commands/project-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { failOn } from '../../domain-failure.js';
import { required } from './gate-rows.js';

export const usage =
  'claude-tasks submit-project --title/-t T --hunter-pitch P --hunter-rating N --max-revenue R --critic-evaluation E --critic-rating N --cons C --differentiation D --spec-path PATH --effort E [--market-size Medium] [--from pm] [--project-id ID] [--revive REASON]';

/** Ratings are whole numbers; values outside 1–10 are clamped by the rule, not refused. */
const rating = (flag: string, text: string | undefined): number => {
  const value = required(flag, text);
  if (!/^-?\d+$/.test(value.trim())) throw badInput(`${flag}: expected a whole number from 1 to 10, got "${value}"`, { field: flag });
  return Number(value);
};

/** CLI-TK-10: the PM puts a specified idea before the humans (gate 1). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, {
    title: { type: 'string', short: 't' },
    'hunter-pitch': { type: 'string' },
    'hunter-rating': { type: 'string' },
    'max-revenue': { type: 'string' },
    'critic-evaluation': { type: 'string' },
    'critic-rating': { type: 'string' },
    cons: { type: 'string' },
    differentiation: { type: 'string' },
    'spec-path': { type: 'string' },
    effort: { type: 'string' },
    'market-size': { type: 'string' },
    from: { type: 'string' },
    'project-id': { type: 'string' },
    revive: { type: 'string' },
  });
  const input = {
    title: required('--title', v.title),
    hunterPitch: required('--hunter-pitch', v['hunter-pitch']),
    hunterRating: rating('--hunter-rating', v['hunter-rating']),
    maxRevenueEstimate: required('--max-revenue', v['max-revenue']),
    criticEvaluation: required('--critic-evaluation', v['critic-evaluation']),
    criticRating: rating('--critic-rating', v['critic-rating']),
    cons: required('--cons', v.cons),
    differentiation: required('--differentiation', v.differentiation),
    specPath: required('--spec-path', v['spec-path']),
    effortEstimate: required('--effort', v.effort),
    marketSize: v['market-size'] === undefined ? 'Medium' : required('--market-size', v['market-size']),
    submittedBy: namedAgent(ctx, '--from', v.from, 'pm'),
    ...(v['project-id'] ? { projectId: v['project-id'] } : {}),
    // A person takes up an idea the swarm already has, on purpose: the reason is recorded on the project.
    ...(v.revive !== undefined ? { revive: v.revive } : {}),
  };
  const submitted = await submitProject(await ctx.runtime(), cliCaller(ctx), input);
  if (isLeft(submitted)) {
    const existing = submitted.left.details?.existingProjectId;
    if (typeof existing !== 'string') return failOn(submitted.left);
    const existingStatus = submitted.left.details?.existingStatus;
    ctx.out(
      JSON.stringify({
        status: 'duplicate_rejected',
        existing_proposal_id: existing,
        ...(typeof existingStatus === 'string' ? { existing_status: existingStatus } : {}),
        title: input.title,
        message: submitted.left.message,
      }),
    );
    ctx.setExitCode(1);
    return;
  }
  const p = submitted.right;
  ctx.out(
    JSON.stringify({
      status: 'submitted_for_approval',
      proposal_id: p.projectId,
      title: p.title,
      hunter_rating: p.hunterRating,
      critic_rating: p.criticRating,
      combined_rating: p.combinedRating,
      max_revenue: p.maxRevenueEstimate,
      effort: p.effortEstimate,
      message: `"${p.title}" is waiting for a human's decision; nothing is built before it is approved.`,
    }),
  );
};
