import { ApprovalEventCodec, type ApprovalEvent, approvalEventTypes } from '../../domain/approval/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { ProjectEventCodec, type ProjectEvent, projectEventTypes } from '../../domain/project/index.js';
import { TaskEventCodec, type TaskEvent } from '../../domain/task/events.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { collections as c, matchKey, newestFirst, type ApprovalDoc, type ProjectDoc, type PublishTaskDoc } from './approval-docs.js';

const taskEventTypes = ['TaskCreated', 'TaskClaimed', 'TaskLeaseExpired', 'TaskReleased', 'TaskCompleted', 'TaskFailed', 'TaskCancelled'] as const;

const putQueued = (docs: DocWriter, queue: string, status: string, submittedPosition: number, id: string) =>
  docs.put(queue, `${status}|${newestFirst(submittedPosition)}`, { id });
const dropQueued = (docs: DocWriter, queue: string, status: string, submittedPosition: number) =>
  docs.delete(queue, `${status}|${newestFirst(submittedPosition)}`);

const applyProject = (docs: DocWriter, event: ProjectEvent, recorded: RecordedEvent) => {
  const { position } = recorded;
  const id = event.data.projectId;
  const existing = docs.get<ProjectDoc>(c.projects, id);
  if (existing && existing.position >= position) return;
  if (event.type === 'ProjectSubmitted') {
    if (existing) return;
    const { projectId, ...fields } = event.data;
    docs.put(c.projects, id, { id: projectId, ...fields, submittedAt: recorded.metadata.at, status: 'pending', submittedPosition: position, position } satisfies ProjectDoc);
    putQueued(docs, c.projectQueue, 'all', position, id);
    putQueued(docs, c.projectQueue, 'pending', position, id);
    docs.put(c.pendingProjectTitles, matchKey(event.data.title), { id });
    return;
  }
  if (!existing) return;
  const status = event.type === 'ProjectApproved' ? 'approved' : event.type === 'ProjectRejected' ? 'rejected' : 'deferred';
  const reviewerNotes = event.type === 'ProjectRejected' ? event.data.reason : event.data.note;
  dropQueued(docs, c.projectQueue, existing.status, existing.submittedPosition);
  putQueued(docs, c.projectQueue, status, existing.submittedPosition, id);
  if (docs.get<{ id: string }>(c.pendingProjectTitles, matchKey(existing.title))?.id === id) docs.delete(c.pendingProjectTitles, matchKey(existing.title));
  docs.put(c.projects, id, {
    ...existing,
    status,
    decidedBy: event.data.by,
    decidedAt: recorded.metadata.at,
    ...(reviewerNotes ? { reviewerNotes } : {}),
    position,
  } satisfies ProjectDoc);
};

const applyApproval = (docs: DocWriter, event: ApprovalEvent, recorded: RecordedEvent) => {
  const { position } = recorded;
  const id = event.data.approvalId;
  const existing = docs.get<ApprovalDoc>(c.approvals, id);
  if (existing && existing.position >= position) return;
  if (event.type === 'ApprovalRequested') {
    if (existing) return;
    const { approvalId, ...fields } = event.data;
    docs.put(c.approvals, id, { id: approvalId, ...fields, submittedAt: recorded.metadata.at, status: 'pending', submittedPosition: position, position } satisfies ApprovalDoc);
    putQueued(docs, c.approvalQueue, 'all', position, id);
    putQueued(docs, c.approvalQueue, 'pending', position, id);
    docs.put(c.pendingProductNames, matchKey(event.data.productName), { id });
    return;
  }
  if (!existing) return;
  let next: ApprovalDoc;
  switch (event.type) {
    case 'ApprovalGranted':
      next = { ...existing, status: 'approved', decidedBy: event.data.by, decidedAt: recorded.metadata.at, ...(event.data.note ? { reviewerNotes: event.data.note } : {}), position };
      break;
    case 'ApprovalRejected':
      next = { ...existing, status: 'rejected', decidedBy: event.data.by, decidedAt: recorded.metadata.at, reviewerNotes: event.data.reason, position };
      break;
    case 'ProductPublished':
      next = {
        ...existing,
        status: 'published',
        publishedBy: event.data.by,
        publishedAt: recorded.metadata.at,
        publishTaskId: existing.publishTaskId ?? event.data.taskId,
        ...(event.data.url ? { publishedUrl: event.data.url } : {}),
        position,
      };
      break;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
  dropQueued(docs, c.approvalQueue, existing.status, existing.submittedPosition);
  putQueued(docs, c.approvalQueue, next.status, existing.submittedPosition, id);
  if (docs.get<{ id: string }>(c.pendingProductNames, matchKey(existing.productName))?.id === id) docs.delete(c.pendingProductNames, matchKey(existing.productName));
  docs.put(c.approvals, id, next);
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Links the gate's follow-up tasks to their items, and follows publish tasks (who holds them) for verify-publish. */
const applyTask = (docs: DocWriter, event: TaskEvent, recorded: RecordedEvent) => {
  const taskId = recorded.stream.startsWith('task-') ? recorded.stream.slice('task-'.length) : undefined;
  if (!taskId) return;
  const { position } = recorded;
  if (event.type === 'TaskCreated') {
    const { gate, payload, type } = event.data;
    if (type === 'build_product' && gate?.kind === 'project') {
      const project = docs.get<ProjectDoc>(c.projects, gate.id);
      if (project && !project.buildTaskId) docs.put(c.projects, gate.id, { ...project, buildTaskId: taskId });
    }
    const approvalId = text(payload.approval_id);
    if (type === 'fix_product' && approvalId) {
      const approval = docs.get<ApprovalDoc>(c.approvals, approvalId);
      if (approval && !approval.fixTaskId) docs.put(c.approvals, approvalId, { ...approval, fixTaskId: taskId });
    }
    if (type !== 'publish' || docs.get(c.publishTasks, taskId)) return;
    const productName = text(payload.product_name);
    const platform = text(payload.platform);
    docs.put(c.publishTasks, taskId, {
      taskId,
      status: 'pending',
      position,
      ...(approvalId ? { approvalId } : {}),
      ...(productName ? { productName } : {}),
      ...(platform ? { platform } : {}),
    } satisfies PublishTaskDoc);
    const approval = approvalId ? docs.get<ApprovalDoc>(c.approvals, approvalId) : undefined;
    if (approval && !approval.publishTaskId && gate?.kind === 'approval' && gate.id === approvalId)
      docs.put(c.approvals, approval.id, { ...approval, publishTaskId: taskId });
    return;
  }
  const task = docs.get<PublishTaskDoc>(c.publishTasks, taskId);
  if (!task || task.position >= position) return;
  const { holder: _holder, ...rest } = task;
  switch (event.type) {
    case 'TaskClaimed':
      return docs.put(c.publishTasks, taskId, { ...rest, status: 'claimed', holder: event.data.agent, position } satisfies PublishTaskDoc);
    case 'TaskLeaseExpired':
    case 'TaskReleased':
      return docs.put(c.publishTasks, taskId, { ...rest, status: 'pending', position } satisfies PublishTaskDoc);
    case 'TaskCompleted':
      return docs.put(c.publishTasks, taskId, { ...rest, status: 'completed', completedBy: event.data.agent, position } satisfies PublishTaskDoc);
    case 'TaskFailed':
      return docs.put(c.publishTasks, taskId, { ...rest, status: 'failed', position } satisfies PublishTaskDoc);
    case 'TaskCancelled':
      return docs.put(c.publishTasks, taskId, { ...rest, status: 'cancelled', position } satisfies PublishTaskDoc);
    default:
      return;
  }
};

/**
 * The two human gates' queues (SPEC §4 "approval queues"): project proposals and product approvals, pending and
 * all, newest first, with counts by status and the combined rating; plus the publish tasks the gates hand out.
 */
export const approvalsProjection: Projection = {
  name: 'approvals',
  version: 1,
  eventTypes: [...projectEventTypes, ...approvalEventTypes, ...taskEventTypes],
  apply: (docs, recorded) => {
    const event = { type: recorded.type, data: recorded.data };
    if (ProjectEventCodec.is(event)) return applyProject(docs, event, recorded);
    if (ApprovalEventCodec.is(event)) return applyApproval(docs, event, recorded);
    if (TaskEventCodec.is(event)) return applyTask(docs, event, recorded);
  },
};
