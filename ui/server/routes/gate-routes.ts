import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { DomainError } from '../../../domain/errors.js';
import { notFound, invalid } from '../../../domain/errors.js';
import { decideApproval, retryPublish, type DecidedApproval } from '../../../processes/commands/approval-commands.js';
import { decideProject, type DecidedProject } from '../../../processes/commands/project-commands.js';
import { approvalsProjection } from '../../../projections/approvals/approvals-projection.js';
import type { ApprovalDoc, ProjectDoc } from '../../../projections/approvals/approval-docs.js';
import { approvalRow, projectRow } from '../../../projections/approvals/original-rows.js';
import { approvalCounts, approvalStatuses, listApprovals, listProjects, matchProject, projectCounts, projectStatuses } from '../../../projections/approvals/queries.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { FreeText, OptionalText } from '../../../domain/limits/index.js';
import { OneOf, WholeNumberText } from '../query-values.js';
import { withoutPositions } from '../views.js';

const ApprovalsQuery = t.partial({ status: OneOf(approvalStatuses), limit: WholeNumberText(1, 500) });
const ProjectsQuery = t.partial({ status: OneOf(projectStatuses), limit: WholeNumberText(1, 500) });
const NotesBody = t.partial({ notes: OptionalText });
/** override_tests: approve a product whose tests fail, on purpose (needs notes saying why). */
const ApproveBody = t.partial({ notes: OptionalText, override_tests: t.boolean });
const ReasonBody = t.type({ reason: FreeText });

// Ours, and the original's columns beside them (DASH-26…36 answered its table rows): a script written for either reads it.
const projectJson = (p: ProjectDoc) => ({ ...withoutPositions(p), ...projectRow(p) });
const approvalJson = (a: ApprovalDoc) => ({ ...withoutPositions(a), ...approvalRow(a) });

const approvalOutcome = (d: Either<DomainError, DecidedApproval>) =>
  isLeft(d)
    ? d
    : right({
        success: true,
        message: `${d.right.productName || d.right.approvalId} is ${d.right.status}`,
        approval_id: d.right.approvalId,
        status: d.right.status,
        publish_task_id: d.right.publishTaskId ?? null,
        fix_task_id: d.right.fixTaskId ?? null,
        warnings: d.right.followUps.filter((f) => f.error).map((f) => `${f.purpose}: ${f.error!.message}`),
      });

const projectOutcome = (d: Either<DomainError, DecidedProject>) =>
  isLeft(d)
    ? d
    : right({
        success: true,
        message: `${d.right.title || d.right.projectId} is ${d.right.status}`,
        project_id: d.right.projectId,
        status: d.right.status,
        build_task_id: d.right.buildTaskId ?? null,
        warnings: d.right.followUps.filter((f) => f.error).map((f) => `${f.purpose}: ${f.error!.message}`),
      });

/**
 * The two human gates (DASH-26…36): product approvals before publishing, project proposals before building. Each
 * decision is made once (a second one is 409) and records the operator who made it.
 */
export const gateRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/approvals', { tag: 'approvals', summary: 'Product approvals, newest first, with the pending count', query: ApprovalsQuery }, async ({ query }) => {
    const docs = await ctx.read(approvalsProjection);
    const approvals = listApprovals(docs, { ...(query.status ? { status: query.status } : {}), limit: query.limit ?? 50 });
    const counts = approvalCounts(docs);
    return right({ approvals: approvals.map(approvalJson), pending_count: counts.pending, counts });
  });

  api.mutate(
    '/api/approvals/:id/approve',
    {
      tag: 'approvals',
      summary: 'Approve a product: creates its publish task (priority 9); a product whose tests fail needs override_tests with notes',
      body: ApproveBody,
    },
    async ({ body, params, caller }) =>
      approvalOutcome(
        await decideApproval(ctx.runtime, caller, {
          id: params.id,
          decision: 'approve',
          ...(body.notes?.trim() ? { note: body.notes.trim() } : {}),
          ...(body.override_tests ? { overrideTests: true } : {}),
        }),
      ),
  );

  api.mutate(
    '/api/approvals/:id/retry',
    { tag: 'approvals', summary: 'Retry the publish of an approved product whose publish failed: a new publish task', body: NotesBody },
    async ({ body, params, caller }) => approvalOutcome(await retryPublish(ctx.runtime, caller, { id: params.id, ...(body.notes?.trim() ? { note: body.notes.trim() } : {}) })),
  );

  api.mutate(
    '/api/approvals/:id/reject',
    { tag: 'approvals', summary: 'Reject a product with a reason: the builder gets a fix_product task and mail', body: ReasonBody },
    async ({ body, params, caller }) => approvalOutcome(await decideApproval(ctx.runtime, caller, { id: params.id, decision: 'reject', reason: body.reason })),
  );

  api.read('/api/projects', { tag: 'projects', summary: 'Project proposals, newest first, with counts by status', query: ProjectsQuery }, async ({ query }) => {
    const docs = await ctx.read(approvalsProjection);
    const projects = listProjects(docs, { ...(query.status ? { status: query.status } : {}), limit: query.limit ?? 50 });
    return right({ projects: projects.map(projectJson), stats: projectCounts(docs) });
  });

  api.read('/api/projects/:id', { tag: 'projects', summary: 'One project proposal by id or a unique prefix' }, async ({ params }) => {
    const match = matchProject(await ctx.read(approvalsProjection), params.id!);
    if (match.kind === 'none') return left(notFound(`no project ${params.id}`, { field: 'id' }));
    if (match.kind === 'ambiguous') return left(invalid(`id: "${params.id}" matches several projects (${match.ids.join(', ')}); give more of the id`, { field: 'id' }));
    return right(projectJson(match.doc));
  });

  for (const decision of ['approve', 'defer'] as const) {
    api.mutate(
      `/api/projects/:id/${decision}`,
      {
        tag: 'projects',
        summary: decision === 'approve' ? 'Approve a project (also a deferred one): creates its build_product task (priority 8)' : 'Defer a pending project (it can be approved later)',
        body: NotesBody,
      },
      async ({ body, params, caller }) =>
        projectOutcome(await decideProject(ctx.runtime, caller, { id: params.id, decision, ...(body.notes?.trim() ? { note: body.notes.trim() } : {}) })),
    );
  }

  api.mutate('/api/projects/:id/reject', { tag: 'projects', summary: 'Reject a pending or deferred project with a reason', body: ReasonBody }, async ({ body, params, caller }) =>
    projectOutcome(await decideProject(ctx.runtime, caller, { id: params.id, decision: 'reject', reason: body.reason })),
  );
};
