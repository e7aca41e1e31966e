import type { ApprovalStatus } from '../../domain/approval/index.js';
import { ideaIsTaken, ideaKey, ideaSimilarity, sameIdeaSimilarity, type KnownIdea, type ProjectStatus } from '../../domain/project/index.js';
import type { DocReader } from '../engine/projection.js';
import { collections as c, matchKey, pendingApprovalKey, type ApprovalDoc, type ProjectDoc } from './approval-docs.js';

export const projectStatuses: readonly ProjectStatus[] = ['pending', 'approved', 'rejected', 'deferred'];
export const approvalStatuses: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected', 'published', 'publish_failed'];

export interface QueueQuery<Status> {
  readonly status?: Status;
  readonly limit?: number;
}

const queuePage = <Doc>(docs: DocReader, queue: string, items: string, query: QueueQuery<string>): Doc[] =>
  docs
    .page<{ id: string }>(queue, { prefix: `${query.status ?? 'all'}|`, limit: query.limit ?? 50 })
    .map(({ id }) => docs.get<Doc>(items, id))
    .filter((doc): doc is Doc => doc !== undefined);

/** Project proposals, newest first; one status or all. */
export const listProjects = (docs: DocReader, query: QueueQuery<ProjectStatus> = {}): ProjectDoc[] =>
  queuePage<ProjectDoc>(docs, c.projectQueue, c.projects, query);

/** Product approvals, newest first; one status or all. */
export const listApprovals = (docs: DocReader, query: QueueQuery<ApprovalStatus> = {}): ApprovalDoc[] =>
  queuePage<ApprovalDoc>(docs, c.approvalQueue, c.approvals, query);

export const projectCounts = (docs: DocReader): Record<ProjectStatus, number> =>
  Object.fromEntries(projectStatuses.map((s) => [s, docs.count(c.projectQueue, `${s}|`)])) as Record<ProjectStatus, number>;

export const approvalCounts = (docs: DocReader): Record<ApprovalStatus, number> =>
  Object.fromEntries(approvalStatuses.map((s) => [s, docs.count(c.approvalQueue, `${s}|`)])) as Record<ApprovalStatus, number>;

export const getProject = (docs: DocReader, id: string): ProjectDoc | undefined => docs.get<ProjectDoc>(c.projects, id);
export const getApproval = (docs: DocReader, id: string): ApprovalDoc | undefined => docs.get<ApprovalDoc>(c.approvals, id);

/** The pending project with this title (ignoring case and spacing), for dedup. */
export const pendingProjectTitled = (docs: DocReader, title: string): string | undefined =>
  docs.get<{ id: string }>(c.pendingProjectTitles, matchKey(title))?.id;

/** The pending approval of this project (or, naming none, for a product of this name ignoring case and spacing), for dedup. */
export const pendingApprovalFor = (docs: DocReader, request: { readonly projectId?: string; readonly productName: string }): string | undefined =>
  docs.get<{ id: string }>(c.pendingProductNames, pendingApprovalKey(request))?.id;

export type IdMatch<Doc> =
  | { readonly kind: 'found'; readonly doc: Doc }
  | { readonly kind: 'none' }
  /** A prefix that names several items must never act on all of them (W-26). */
  | { readonly kind: 'ambiguous'; readonly ids: readonly string[] };

const shownMatches = 10;

const matchIn = <Doc extends { id: string }>(docs: DocReader, collection: string, idOrPrefix: string): Doc[] => {
  const exact = docs.get<Doc>(collection, idOrPrefix);
  if (exact) return [exact];
  return idOrPrefix ? docs.page<Doc>(collection, { prefix: idOrPrefix, limit: shownMatches + 1 }) : [];
};

const toMatch = <Doc>(matches: readonly Doc[], idOf: (d: Doc) => string): IdMatch<Doc> =>
  matches.length === 1 ? { kind: 'found', doc: matches[0]! } : matches.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', ids: matches.slice(0, shownMatches).map(idOf) };

export const matchProject = (docs: DocReader, idOrPrefix: string): IdMatch<ProjectDoc> =>
  toMatch(matchIn<ProjectDoc>(docs, c.projects, idOrPrefix), (d) => d.id);

export const matchApproval = (docs: DocReader, idOrPrefix: string): IdMatch<ApprovalDoc> =>
  toMatch(matchIn<ApprovalDoc>(docs, c.approvals, idOrPrefix), (d) => d.id);

export type GateItem = { readonly kind: 'project'; readonly doc: ProjectDoc } | { readonly kind: 'approval'; readonly doc: ApprovalDoc };

/** A project or product approval named by its id or a unique prefix of either kind's ids. */
export const matchGateItem = (docs: DocReader, idOrPrefix: string): IdMatch<GateItem> => {
  const exactProject = getProject(docs, idOrPrefix);
  if (exactProject) return { kind: 'found', doc: { kind: 'project', doc: exactProject } };
  const exactApproval = getApproval(docs, idOrPrefix);
  if (exactApproval) return { kind: 'found', doc: { kind: 'approval', doc: exactApproval } };
  const items: GateItem[] = [
    ...matchIn<ProjectDoc>(docs, c.projects, idOrPrefix).map((doc) => ({ kind: 'project' as const, doc })),
    ...matchIn<ApprovalDoc>(docs, c.approvals, idOrPrefix).map((doc) => ({ kind: 'approval' as const, doc })),
  ];
  return toMatch(items, (item) => `${item.kind} ${item.doc.id}`);
};

/** Every idea the swarm took up, with the project it became and how far it got. */
export const knownIdeas = (docs: DocReader): KnownIdea[] => docs.all<KnownIdea>(c.knownIdeas);

/** The ideas that are taken (all but the rejected), in title order: what the idea-finding roles are shown. */
export const takenIdeas = (docs: DocReader, limit = 200): KnownIdea[] => knownIdeas(docs).filter((i) => ideaIsTaken(i.status)).slice(0, limit);

/**
 * The taken idea (live, approved, built or published) a new title is: the one with the same normalised title, else
 * the most alike at or above `sameIdeaSimilarity`; undefined when the idea is new (or only ever rejected).
 */
export const takenIdeaLike = (docs: DocReader, title: string): KnownIdea | undefined => {
  const exact = docs.get<KnownIdea>(c.knownIdeas, ideaKey(title));
  if (exact && ideaIsTaken(exact.status)) return exact;
  let best: { idea: KnownIdea; score: number } | undefined;
  for (const idea of knownIdeas(docs)) {
    if (!ideaIsTaken(idea.status)) continue;
    const score = ideaSimilarity(title, idea.title);
    if (score >= sameIdeaSimilarity && (!best || score > best.score)) best = { idea, score };
  }
  return best?.idea;
};
