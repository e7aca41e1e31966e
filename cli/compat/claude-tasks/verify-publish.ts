import { isLeft } from 'fp-ts/lib/Either.js';
import { verifyPublish } from '../../../processes/commands/approval-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, type CliContext } from '../../cli-context.js';
import { failOn } from '../../domain-failure.js';
import { required } from './gate-rows.js';

export const usage = 'claude-tasks verify-publish --task-id/-t ID   (the publisher\'s mandatory check before publishing)';

/**
 * CLI-TK-15, bound to the caller and the product (W-25): the task must be a publish task held by the calling agent,
 * made from an approval that is approved now, for the same product and platform.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { 'task-id': { type: 'string', short: 't' } });
  const taskId = required('--task-id', v['task-id']);
  const verified = await verifyPublish(await ctx.runtime(), cliCaller(ctx), { taskId });
  if (isLeft(verified)) {
    const code = verified.left.details?.verifyCode;
    if (typeof code !== 'string') return failOn(verified.left);
    ctx.out(JSON.stringify({ verified: false, error: code, task_id: taskId, message: verified.left.message }));
    ctx.setExitCode(1);
    return;
  }
  const r = verified.right;
  ctx.out(
    JSON.stringify({
      verified: true,
      task_id: r.taskId,
      approval_id: r.approvalId,
      product_name: r.productName,
      platform: r.platform,
      message: `Approved by a human: publish ${r.productName} on ${r.platform}, then complete the task with the URL.`,
    }),
  );
};
