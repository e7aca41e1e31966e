import { ApprovalRequested } from '../../domain/approval/index.js';
import { ProjectSubmitted } from '../../domain/project/index.js';
import type { Logger } from '../../infra/logging/logger.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { listApprovals, listProjects } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import type { FirstWork } from '../../processes/scheduler/scheduler.js';
import { commandOnPath } from '../../infra/host/command-on-path.js';


/** One decision waiting for a person, as the terminal shows it. */
export interface WaitingDecision {
  readonly kind: 'project' | 'product';
  readonly id: string;
  readonly title: string;
  readonly detail: string;
}

/**
 * The lines that tell a person a decision waits for them, and how to make it. With the whole id: ids made close
 * together share their first characters (they start with the time), so a short prefix could name two items.
 */
export const waitingLines = (d: WaitingDecision, dashboardUrl?: string): string[] => [
  `Waiting for you: ${d.kind === 'project' ? 'project proposal' : 'product ready to publish'} "${d.title}" (${d.detail})`,
  `  swarm approve ${d.id} --note "…"   or   swarm reject ${d.id} --reason "…"${
    d.kind === 'project' ? `   or   swarm defer ${d.id}` : ''
  }${dashboardUrl ? `   or the dashboard: ${dashboardUrl}/approvals` : ''}`,
];

export interface NextStepsOptions {
  readonly runtime: SwarmRuntime;
  readonly out: (line: string) => void;
  readonly log: Logger;
  /** The dashboard's base address, when `swarm up` serves it. */
  readonly dashboardUrl?: string;
  /** What the scheduler did about the first work on a fresh log. */
  readonly firstWork?: FirstWork;
  /** Whether agents run here (with --no-agents nobody will pick the scan up in this process). */
  readonly servesAgents: boolean;
}

/**
 * What a person can do next, said when `swarm up` has started (issue K point 1) and again whenever a decision
 * starts waiting (a ProjectSubmitted or ApprovalRequested event, seen live on the log). Every `swarm up` watching a
 * terminal says it: it is a message to the person at that terminal, not a notification (those are sent once for
 * all instances, through the notifications process).
 */
export const startNextSteps = async (o: NextStepsOptions): Promise<{ stop(): Promise<void> }> => {
  const { runtime, out } = o;
  const from = await runtime.log.headPosition();
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  const said = new Set<string>();
  const pending: WaitingDecision[] = [
    ...listProjects(docs, { status: 'pending', limit: 20 }).map((p) => ({
      kind: 'project' as const,
      id: p.id,
      title: p.title,
      detail: `rated ${p.combinedRating}/10, effort ${p.effortEstimate}`,
    })),
    ...listApprovals(docs, { status: 'pending', limit: 20 }).map((a) => ({
      kind: 'product' as const,
      id: a.id,
      title: a.productName,
      detail: `${a.productType} for ${a.platform}`,
    })),
  ];
  out('');
  out('What you can do now:');
  // The commands below are typed as `swarm …`: say how, when this shell would not find it (before `npm link`).
  if (!commandOnPath('swarm', process.env)) out('  (swarm is not on your PATH yet: type npx swarm … in the swarmlog folder, or run npm link there once)');
  if (o.dashboardUrl) out(`  open the dashboard (the link above) to see the agents at work and decide: ${o.dashboardUrl}/approvals`);
  out('  swarm status        what the agents do, the queue, and what waits for you');
  out('  swarm approvals     the project proposals and products waiting for a decision');
  out('  swarm approve <id> --note "…"  |  swarm reject <id> --reason "…"   (a project is built only after you approve it)');
  if (o.firstWork?.kind === 'fired') {
    out(
      o.firstWork.firing.outcome === 'fired'
        ? `The Hunter's first scan was started now (the log had no work yet; recorded as hunter_scan for ${o.firstWork.firing.slot}).`
        : `The Hunter's first scan was started by another swarm up on this log (hunter_scan ${o.firstWork.firing.slot}).`,
    );
    if (o.servesAgents) out('A project proposal will wait for you here in about a minute: the Hunter finds ideas, the Critic rates them, the PM writes one up.');
  }
  for (const d of pending) {
    said.add(d.id);
    for (const line of waitingLines(d, o.dashboardUrl)) out(line);
  }
  if (!pending.length && o.firstWork?.kind !== 'fired') out('Nothing waits for you now; this terminal says so when a decision does.');

  const subscription = runtime.log.subscribeToAll({ fromPosition: from, filter: { eventTypes: ['ProjectSubmitted', 'ApprovalRequested'] } });
  const following = (async () => {
    for await (const message of subscription) {
      if (message.kind !== 'event') continue;
      const e = message.event;
      const as = { type: e.type, data: e.data };
      const project = ProjectSubmitted.decode(as);
      const product = ApprovalRequested.decode(as);
      const d: WaitingDecision | undefined =
        project._tag === 'Right'
          ? {
              kind: 'project',
              id: project.right.data.projectId,
              title: project.right.data.title,
              detail: `rated ${project.right.data.combinedRating}/10, effort ${project.right.data.effortEstimate}`,
            }
          : product._tag === 'Right'
            ? { kind: 'product', id: product.right.data.approvalId, title: product.right.data.productName, detail: `${product.right.data.productType} for ${product.right.data.platform}` }
            : undefined;
      if (!d || said.has(d.id)) continue;
      said.add(d.id);
      out('');
      for (const line of waitingLines(d, o.dashboardUrl)) out(line);
    }
  })().catch((e: unknown) => o.log.warn({ err: e }, 'the terminal stopped following decisions'));
  return {
    stop: async () => {
      await subscription.close();
      await following;
    },
  };
};
