import type * as t from 'io-ts';
import { ApprovalEventCodec, type ApprovalEvent, approvalEventTypes } from '../../domain/approval/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { ProjectEventCodec, ideaKey, type KnownIdea, type KnownIdeaStatus, type ProjectEvent, projectEventTypes } from '../../domain/project/index.js';
import { TaskCreated } from '../../domain/task/events.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { collections as c, matchKey, newestFirst, pendingApprovalKey, type ApprovalDoc, type ProjectDoc } from './approval-docs.js';


const putQueued = (docs: DocWriter, queue: string, status: string, submittedPosition: number, id: string) =>
  docs.put(queue, `${status}|${newestFirst(submittedPosition)}`, { id });
const dropQueued = (docs: DocWriter, queue: string, status: string, submittedPosition: number) =>
  docs.delete(queue, `${status}|${newestFirst(submittedPosition)}`);

/** Moves the idea of a project on (only the idea's newest project speaks for it: a revived idea has a new one). */
const setIdeaStatus = (docs: DocWriter, project: { id: string; title: string }, status: KnownIdeaStatus) => {
  const key = ideaKey(project.title);
  const idea = docs.get<KnownIdea>(c.knownIdeas, key);
  if (idea && idea.projectId !== project.id) return;
  docs.put(c.knownIdeas, key, { projectId: project.id, title: project.title, status } satisfies KnownIdea);
};

const ideaOfApproval: Partial<Record<ApprovalEvent['type'], KnownIdeaStatus>> = {
  ApprovalRequested: 'built',
  ProductPublished: 'published',
  PublishFailed: 'publish_failed',
  PublishRetried: 'built',
};

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
    docs.put(c.knownIdeas, ideaKey(event.data.title), { projectId: id, title: event.data.title, status: 'pending' } satisfies KnownIdea);
    return;
  }
  if (!existing) return;
  const status = event.type === 'ProjectApproved' ? 'approved' : event.type === 'ProjectRejected' ? 'rejected' : 'deferred';
  const reviewerNotes = event.type === 'ProjectRejected' ? event.data.reason : event.data.note;
  dropQueued(docs, c.projectQueue, existing.status, existing.submittedPosition);
  putQueued(docs, c.projectQueue, status, existing.submittedPosition, id);
  if (docs.get<{ id: string }>(c.pendingProjectTitles, matchKey(existing.title))?.id === id) docs.delete(c.pendingProjectTitles, matchKey(existing.title));
  setIdeaStatus(docs, existing, status);
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
  const projectId = event.type === 'ApprovalRequested' ? event.data.projectId : existing?.projectId;
  const project = projectId ? docs.get<ProjectDoc>(c.projects, projectId) : undefined;
  const ideaStatus = ideaOfApproval[event.type];
  if (project && ideaStatus && !(event.type === 'PublishFailed' && existing?.status === 'published')) setIdeaStatus(docs, project, ideaStatus);
  if (event.type === 'ApprovalRequested') {
    if (existing) return;
    const { approvalId, ...fields } = event.data;
    docs.put(c.approvals, id, { id: approvalId, ...fields, submittedAt: recorded.metadata.at, status: 'pending', submittedPosition: position, position } satisfies ApprovalDoc);
    putQueued(docs, c.approvalQueue, 'all', position, id);
    putQueued(docs, c.approvalQueue, 'pending', position, id);
    docs.put(c.pendingProductNames, pendingApprovalKey(event.data), { id });
    return;
  }
  if (!existing) return;
  let next: ApprovalDoc;
  switch (event.type) {
    case 'ApprovalGranted':
      next = {
        ...existing,
        status: 'approved',
        decidedBy: event.data.by,
        decidedAt: recorded.metadata.at,
        ...(event.data.note ? { reviewerNotes: event.data.note } : {}),
        ...(event.data.overrideTests ? { overrideTests: true } : {}),
        position,
      };
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
        ...(event.data.platform ? { publishedPlatform: event.data.platform } : {}),
        ...(event.data.externalId ? { publishedExternalId: event.data.externalId } : {}),
        position,
      };
      break;
    case 'PublishFailed':
      // A late failure report after the product went out changes nothing (the decider refuses it too).
      if (existing.status === 'published') return;
      next = {
        ...existing,
        status: 'publish_failed',
        publishFailure: {
          reason: event.data.reason,
          at: recorded.metadata.at,
          ...(event.data.by ? { by: event.data.by } : {}),
          ...(event.data.platform ? { platform: event.data.platform } : {}),
          ...(event.data.taskId ? { taskId: event.data.taskId } : {}),
        },
        publishFailures: (existing.publishFailures ?? 0) + 1,
        position,
      };
      break;
    case 'PublishRetried': {
      const { publishFailure: _cleared, ...rest } = existing;
      next = { ...rest, status: 'approved', retriedBy: event.data.by, retriedAt: recorded.metadata.at, position };
      break;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
  dropQueued(docs, c.approvalQueue, existing.status, existing.submittedPosition);
  putQueued(docs, c.approvalQueue, next.status, existing.submittedPosition, id);
  if (docs.get<{ id: string }>(c.pendingProductNames, pendingApprovalKey(existing))?.id === id) docs.delete(c.pendingProductNames, pendingApprovalKey(existing));
  docs.put(c.approvals, id, next);
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Links each gate's follow-up task (build, publish, fix) to its item, so the queue shows what a decision started. */
const applyTaskCreated = (docs: DocWriter, event: t.TypeOf<typeof TaskCreated>) => {
  const taskId = event.data.taskId;
  const { gate, payload, type } = event.data;
  if (type === 'build_product' && gate?.kind === 'project') {
    const project = docs.get<ProjectDoc>(c.projects, gate.id);
    if (project && !project.buildTaskId) docs.put(c.projects, gate.id, { ...project, buildTaskId: taskId });
  }
  if (type === 'publish' && gate?.kind === 'approval') {
    // The newest publish task is the one that counts (a retry makes another).
    const approval = docs.get<ApprovalDoc>(c.approvals, gate.id);
    if (approval && approval.publishTaskId !== taskId) docs.put(c.approvals, gate.id, { ...approval, publishTaskId: taskId });
  }
  const approvalId = typeof payload.approval_id === 'string' ? payload.approval_id : undefined;
  if (type === 'fix_product' && approvalId) {
    const approval = docs.get<ApprovalDoc>(c.approvals, approvalId);
    if (approval && approval.status === 'rejected' && !approval.fixTaskId) docs.put(c.approvals, approvalId, { ...approval, fixTaskId: taskId });
  }
};

/**
 * The two human gates' queues (SPEC §4 "approval queues"): project proposals and product approvals, pending and
 * all, newest first, with counts by status and the combined rating, and the tasks each decision started.
 */
export const approvalsProjection: Projection = {
  name: 'approvals',
  // 3: publish failures and retries, test status, pending approvals keyed by project, known ideas.
  version: 3,
  eventTypes: [...projectEventTypes, ...approvalEventTypes, 'TaskCreated'],
  apply: (docs, recorded) => {
    const event = { type: recorded.type, data: recorded.data };
    if (ProjectEventCodec.is(event)) return applyProject(docs, event, recorded);
    if (ApprovalEventCodec.is(event)) return applyApproval(docs, event, recorded);
    if (TaskCreated.is(event)) return applyTaskCreated(docs, event);
  },
};
