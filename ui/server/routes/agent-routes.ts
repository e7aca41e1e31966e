import { right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { dayOf } from '../../../domain/run/quantities.js';
import { pauseAgent, resumeAgent } from '../../../processes/commands/agent-commands.js';
import { agentsProjection, type AgentView } from '../../../projections/agents/agents-projection.js';
import { agentTable } from '../../../projections/agents/queries.js';
import { tokensProjection } from '../../../projections/tokens/tokens-projection.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { FreeText } from '../../../domain/limits/index.js';

const PauseBody = t.type({ reason: FreeText });
const ResumeBody = t.partial({ reason: FreeText });

/** Agents (DASH-20): status, current task, heartbeat and tokens today; a person pauses or resumes one. */
export const agentRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/agent-statuses', { tag: 'agents', summary: 'Every agent: status, current task, last heartbeat, tokens today' }, async () => {
    const agents = await ctx.read(agentsProjection);
    const rows = agentTable(agents, await ctx.read(tokensProjection), dayOf(ctx.runtime.now()));
    return right({
      agents: Object.fromEntries(
        rows.map((r) => {
          const view = agents.get<AgentView>('agents', r.agent);
          return [
            r.agent,
            {
              agent_id: r.agent,
              status: r.status,
              currentTaskId: r.currentTask || null,
              lastHeartbeat: r.lastHeartbeat || null,
              // The original's column names (its agent_status rows, DASH-20).
              current_task_id: r.currentTask || null,
              last_heartbeat: r.lastHeartbeat || null,
              tokensToday: r.tokensToday,
              paused: view?.paused ?? false,
              reason: view?.reason ?? null,
              since: view?.since ?? null,
            },
          ];
        }),
      ),
      simulated: ctx.simulated,
      driver: ctx.driver,
    });
  });

  api.mutate('/api/agents/:name/pause', { tag: 'agents', summary: 'Pause an agent (it finishes its current run, then claims nothing)', body: PauseBody }, async ({ body, params, caller }) =>
    pauseAgent(ctx.runtime, caller, { agent: params.name, reason: body.reason }),
  );

  api.mutate('/api/agents/:name/resume', { tag: 'agents', summary: 'Resume a paused agent', body: ResumeBody }, async ({ body, params, caller, operator }) =>
    resumeAgent(ctx.runtime, caller, { agent: params.name, reason: body.reason ?? `resumed from the dashboard by ${operator}` }),
  );
};
