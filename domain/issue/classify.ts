import type { IssueKind } from './events.js';

const byLabel: readonly [RegExp, IssueKind][] = [
  [/^(bug|defect|regression|crash)$/i, 'bug'],
  [/^(enhancement|feature|feature request|idea)$/i, 'feature'],
  [/^(question|help wanted|support|how to)$/i, 'question'],
];

const byWords: readonly [RegExp, IssueKind][] = [
  [/\b(bug|crash(es|ed)?|error|exception|broken|fails?|failing|doesn'?t work|not working|stack ?trace|regression|wrong result)\b/i, 'bug'],
  [/\b(feature|enhancement|add support|support for|would be (nice|great)|please add|request|could you add|suggestion)\b/i, 'feature'],
];

/**
 * Bug, feature or question: a label says it first (bug, enhancement, question …); otherwise the words of the title
 * and body (an error or a crash is a bug, "please add" is a feature); anything else is a question for Support.
 */
export const classifyIssue = (issue: { title: string; body: string; labels: readonly string[] }): IssueKind => {
  for (const label of issue.labels) for (const [pattern, kind] of byLabel) if (pattern.test(label.trim())) return kind;
  const text = `${issue.title}\n${issue.body}`;
  for (const [pattern, kind] of byWords) if (pattern.test(text)) return kind;
  return 'question';
};
