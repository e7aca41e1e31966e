import { isLeft } from 'fp-ts/lib/Either.js';
import { requestApproval } from '../../../processes/commands/approval-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { failOn } from '../../domain-failure.js';
import { required } from './gate-rows.js';

export const usage =
  'claude-tasks submit-approval --name/-n NAME --type TYPE --platform/-p P --description/-d TEXT --files PATH [--price N] [--preview URL] [--from builder] [--project-id ID] [--test-status pass|fail]';

const testStatuses = ['pass', 'fail', 'unknown'] as const;

const price = (text: string): number => {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) throw badInput(`--price: expected an amount such as 9 or 9.99, got "${text}"`, { field: '--price' });
  return Number(text);
};

/** CLI-TK-07: asks the humans to approve a finished product; a pending request for the same product is refused with its id. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, {
    name: { type: 'string', short: 'n' },
    type: { type: 'string' },
    platform: { type: 'string', short: 'p' },
    description: { type: 'string', short: 'd' },
    files: { type: 'string' },
    price: { type: 'string' },
    preview: { type: 'string' },
    from: { type: 'string' },
    'task-id': { type: 'string' },
    'project-id': { type: 'string' },
    'test-status': { type: 'string' },
  });
  const testStatus = v['test-status']?.trim().toLowerCase();
  if (testStatus !== undefined && !(testStatuses as readonly string[]).includes(testStatus))
    throw badInput(`--test-status: expected one of ${testStatuses.join(', ')}, got "${v['test-status']}"`, { field: '--test-status' });
  const input = {
    productName: required('--name', v.name),
    productType: required('--type', v.type),
    platform: required('--platform', v.platform),
    description: required('--description', v.description),
    filesPath: required('--files', v.files),
    submittedBy: namedAgent(ctx, '--from', v.from, 'builder'),
    ...(v.price !== undefined ? { price: price(v.price) } : {}),
    ...(v.preview ? { previewUrl: v.preview } : {}),
    ...(v['task-id'] ? { taskId: v['task-id'] } : {}),
    ...(v['project-id'] ? { projectId: v['project-id'] } : {}),
    ...(testStatus ? { testStatus } : {}),
  };
  const requested = await requestApproval(await ctx.runtime(), cliCaller(ctx), input);
  if (isLeft(requested)) {
    const existing = requested.left.details?.existingApprovalId;
    if (typeof existing !== 'string') return failOn(requested.left);
    ctx.out(JSON.stringify({ status: 'duplicate_rejected', existing_approval_id: existing, product_name: input.productName, message: requested.left.message }));
    ctx.setExitCode(1);
    return;
  }
  const r = requested.right;
  ctx.out(
    JSON.stringify({
      status: 'submitted_for_approval',
      approval_id: r.approvalId,
      product_name: r.productName,
      platform: r.platform,
      message: `${r.productName} is waiting for a human's approval before it can be published.`,
    }),
  );
};
