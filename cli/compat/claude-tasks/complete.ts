import { isLeft } from 'fp-ts/lib/Either.js';
import { completeTask, failTask } from '../../../processes/commands/task-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { failOn } from '../../domain-failure.js';
import { resultValue, runGeneration } from '../../task-output.js';

export const usage = 'claude-tasks complete --task-id ID [--result/-r JSON|TEXT] [--error/-e TEXT] [--agent A]';

/** CLI-TK-05, with the holder check the original lacked (W-25): only the agent holding the claim finishes it. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, {
    'task-id': { type: 'string', short: 't' },
    result: { type: 'string', short: 'r' },
    error: { type: 'string', short: 'e' },
    agent: { type: 'string', short: 'a' },
  });
  const taskId = v['task-id'];
  if (!taskId) throw badInput('--task-id is required', { field: '--task-id' });
  const agent = namedAgent(ctx, '--agent', v.agent);
  const generation = runGeneration(ctx.env, taskId);
  const base = { taskId, agent, ...(generation !== undefined ? { generation } : {}) };
  const rt = await ctx.runtime();
  const done = v.error
    ? await failTask(rt, cliCaller(ctx), { ...base, reason: v.error })
    : await completeTask(rt, cliCaller(ctx), { ...base, result: resultValue(v.result) });
  if (isLeft(done)) return failOn(done.left);
  ctx.out(JSON.stringify({ status: done.right.status, task_id: done.right.taskId }));
};
