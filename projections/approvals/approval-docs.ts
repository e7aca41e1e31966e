import type { ApprovalStatus } from '../../domain/approval/index.js';
import type { ProjectStatus } from '../../domain/project/index.js';

/** A project proposal as the queue shows it (gate 1). */
export interface ProjectDoc {
  readonly id: string;
  readonly title: string;
  readonly hunterPitch: string;
  readonly hunterRating: number;
  readonly marketSize: string;
  readonly maxRevenueEstimate: string;
  readonly criticEvaluation: string;
  readonly criticRating: number;
  readonly combinedRating: number;
  readonly cons: string;
  readonly differentiation: string;
  readonly specPath: string;
  readonly effortEstimate: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly status: ProjectStatus;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** The approver's or deferrer's note, or the reason of a rejection. */
  readonly reviewerNotes?: string;
  /** The build_product task the approval created. */
  readonly buildTaskId?: string;
  /** Position of the ProjectSubmitted event: orders the queues (newest first). */
  readonly submittedPosition: number;
  /** Position of the last event folded into this document: a redelivered or older event changes nothing. */
  readonly position: number;
}

/** A product approval as the queue shows it (gate 2). */
export interface ApprovalDoc {
  readonly id: string;
  readonly productName: string;
  readonly productType: string;
  readonly platform: string;
  readonly description: string;
  readonly filesPath: string;
  readonly price?: number;
  readonly previewUrl?: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  /** The task (usually test_product) the request came from. */
  readonly taskId?: string;
  /** The project the product was built for. */
  readonly projectId?: string;
  /** What the Tester's report said: the card shows it first. */
  readonly testStatus?: 'pass' | 'fail' | 'unknown';
  readonly status: ApprovalStatus;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** A person approved it although its tests fail (the note says why). */
  readonly overrideTests?: boolean;
  /** The approver's note or the reason of a rejection. */
  readonly reviewerNotes?: string;
  readonly publishTaskId?: string;
  readonly fixTaskId?: string;
  readonly publishedBy?: string;
  readonly publishedAt?: string;
  readonly publishedUrl?: string;
  /** Where `swarm publish` put it and the platform's own id (ProductPublished's optional fields). */
  readonly publishedPlatform?: string;
  readonly publishedExternalId?: string;
  /** Why the last publish failed, while the approval is `publish_failed`. */
  readonly publishFailure?: { readonly reason: string; readonly at: string; readonly by?: string; readonly platform?: string; readonly taskId?: string };
  /** How many times its publish failed (retries included). */
  readonly publishFailures?: number;
  readonly retriedBy?: string;
  readonly retriedAt?: string;
  readonly submittedPosition: number;
  readonly position: number;
}

/** Collections of the `approvals` projection. */
export const collections = {
  projects: 'projects',
  approvals: 'approvals',
  /** `<status>|<newest first>` and `all|<newest first>` → {id}: pages of a queue without a scan. */
  projectQueue: 'project-queue',
  approvalQueue: 'approval-queue',
  /** Normalised idea title (ideaKey) → KnownIdea: every idea the swarm took up and how far it got (issue 17). */
  knownIdeas: 'known-ideas',
  /** Normalised title of a pending project → {id}, for dedup. */
  pendingProjectTitles: 'pending-project-titles',
  /** `project:<id>` (or, for requests that name no project, the normalised product name) of a pending approval → {id}, for dedup. */
  pendingProductNames: 'pending-product-names',
} as const;

/** Titles and product names match when they differ only in case and spacing. */
export const matchKey = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** A pending approval is one per project: two projects of the same name each have their own (issue 17). */
export const pendingApprovalKey = (a: { readonly projectId?: string; readonly productName: string }): string =>
  a.projectId ? `project:${a.projectId}` : matchKey(a.productName);

/** Queue keys sort newest first: the submission's global position, inverted and zero-padded. */
export const newestFirst = (position: number): string => String(Number.MAX_SAFE_INTEGER - position).padStart(16, '0');
