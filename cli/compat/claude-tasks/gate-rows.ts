import type { ApprovalDoc, ProjectDoc } from '../../../projections/approvals/approval-docs.js';
import { badInput } from '../../cli-failure.js';
import { nonNegativeInteger } from '../../cli-values.js';

/** A product approval in the original's row shape (snake_case columns of its `approvals` table). */
export const approvalRow = (a: ApprovalDoc) => ({
  // The product's test status first: it decides whether approving needs --override-tests.
  test_status: a.testStatus ?? 'unknown',
  id: a.id,
  project_id: a.projectId ?? null,
  product_name: a.productName,
  product_type: a.productType,
  platform: a.platform,
  description: a.description,
  files_path: a.filesPath,
  price: a.price ?? null,
  preview_url: a.previewUrl ?? null,
  status: a.status,
  submitted_by: a.submittedBy,
  submitted_at: a.submittedAt,
  reviewer_notes: a.reviewerNotes ?? null,
  reviewed_by: a.decidedBy ?? null,
  reviewed_at: a.decidedAt ?? null,
  published_at: a.publishedAt ?? null,
  published_url: a.publishedUrl ?? null,
  publish_task_id: a.publishTaskId ?? null,
  fix_task_id: a.fixTaskId ?? null,
  tests_overridden: a.overrideTests === true,
  publish_failure: a.publishFailure?.reason ?? null,
});

/** A project proposal in the original's row shape (its `project_proposals` table, plus combined_rating). */
export const projectRow = (p: ProjectDoc) => ({
  id: p.id,
  title: p.title,
  hunter_pitch: p.hunterPitch,
  hunter_rating: p.hunterRating,
  market_size: p.marketSize,
  max_revenue_estimate: p.maxRevenueEstimate,
  critic_evaluation: p.criticEvaluation,
  critic_rating: p.criticRating,
  combined_rating: p.combinedRating,
  cons: p.cons,
  differentiation: p.differentiation,
  spec_path: p.specPath,
  effort_estimate: p.effortEstimate,
  status: p.status,
  submitted_by: p.submittedBy,
  submitted_at: p.submittedAt,
  reviewer_notes: p.reviewerNotes ?? null,
  reviewed_by: p.decidedBy ?? null,
  reviewed_at: p.decidedAt ?? null,
  build_task_id: p.buildTaskId ?? null,
});

/** A `--status` value from the accepted list, or undefined for none. */
export const statusFlag = <S extends string>(flag: string, value: string | undefined, accepted: readonly S[]): S | undefined => {
  if (value === undefined) return undefined;
  if (!(accepted as readonly string[]).includes(value)) throw badInput(`${flag}: expected one of ${accepted.join(', ')}, got "${value}"`, { field: flag });
  return value as S;
};

/** A `--limit` value (1–500), default `fallback`. */
export const limitFlag = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = nonNegativeInteger(flag, value);
  if (n < 1 || n > 500) throw badInput(`${flag}: expected a whole number from 1 to 500, got "${value}"`, { field: flag });
  return n;
};

/** A required flag's value, or bad input naming it. */
export const required = (flag: string, value: string | undefined): string => {
  if (value === undefined || value.trim() === '') throw badInput(`${flag} is required`, { field: flag });
  return value;
};
