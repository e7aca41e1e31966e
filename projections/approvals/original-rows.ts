import type { ApprovalDoc, ProjectDoc } from './approval-docs.js';

// The human gates' read models in the original's row shapes (snake_case columns of its tables): what
// `claude-tasks approvals|projects` print and what the original's API routes (DASH-26…36) answer beside ours.

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
