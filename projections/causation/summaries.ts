/**
 * One line a person reads in a replay timeline, per event: what happened, in the words of its stream. One small
 * function per stream category reads the event's data; an unknown type gets its first few fields. Summaries are
 * read from recorded data only, so they are the same every time the log is folded.
 */

type Data = Readonly<Record<string, unknown>>;
type Summarize = (type: string, data: Data) => string | undefined;

const maxLength = 160;

const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  return JSON.stringify(v);
};
const clip = (s: string, width: number) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
/** A quoted excerpt of free text (titles, posts, reasons). */
const quote = (v: unknown, width = 60) => `"${clip(text(v), width)}"`;
const optional = (label: string, v: unknown) => (v === undefined || v === '' ? '' : ` ${label} ${text(v)}`);
const usd = (v: unknown) => `$${typeof v === 'number' ? v.toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1') : text(v)}`;
const cents = (minor: unknown, currency: unknown) => (typeof minor === 'number' ? `${(minor / 100).toFixed(2)} ${text(currency)}` : text(minor));
const short = (id: unknown) => clip(text(id), 13);
const seconds = (ms: unknown) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : text(ms));
const tokens = (input: unknown, output: unknown) =>
  typeof input === 'number' && typeof output === 'number' ? `${input + output} tokens (${input} in / ${output} out)` : '';

const task: Summarize = (type, d) => {
  switch (type) {
    case 'TaskCreated': {
      const payload = (d.payload ?? {}) as Data;
      const title = d.title ?? payload.title ?? payload.product_name ?? payload.name ?? payload.product;
      return `${text(d.type)} p${text(d.priority)}${title !== undefined ? ` ${quote(title)}` : ''} by ${text(d.createdBy)}${optional('for', d.assignedTo)}${
        d.gate ? ` after ${text((d.gate as Data).kind)} ${short((d.gate as Data).id)}` : ''
      }${optional('parent', d.parentTaskId)}`;
    }
    case 'TaskClaimed':
      return `claimed by ${text(d.agent)} (generation ${text(d.generation)}, attempt ${text(d.attempt)}, lease until ${text(d.leaseUntil).slice(11, 19)})`;
    case 'TaskLeaseRenewed':
      return `lease of ${text(d.agent)} renewed until ${text(d.leaseUntil).slice(11, 19)}`;
    case 'TaskLeaseExpired':
      return `lease of ${text(d.agent)} expired (attempt ${text(d.attempt)}): back to pending`;
    case 'TaskReleased':
      return `released by ${text(d.agent)}: ${quote(d.reason)}${d.attemptRefunded ? ' (attempt refunded)' : ''}`;
    case 'TaskCompleted':
      return `completed by ${text(d.agent)}${d.result === null || d.result === undefined ? '' : `: ${clip(text(d.result), 80)}`}`;
    case 'TaskFailed':
      return `failed${optional('by', d.agent)}: ${quote(d.reason)}${d.deadLettered ? ' (dead-lettered)' : ''}`;
    case 'TaskCancelled':
      return `cancelled by ${text(d.by)}: ${quote(d.reason)}`;
    case 'TaskPrioritySet':
      return `priority set to ${text(d.priority)} by ${text(d.by)}`;
  }
  return undefined;
};

/** Runs carry what a debugging person asks first: which prompt, which tools, how many tokens, what it cost. */
const run: Summarize = (type, d) => {
  switch (type) {
    case 'RunStarted':
      return `${text(d.agent)} run${d.taskId ? ` on task ${short(d.taskId)}` : ''} via ${text(d.driver)}/${text(d.model)}; prompt sha ${clip(text(d.promptHash), 13)} at ${text(
        d.promptPath,
      )}; output ${text(d.logPath)}`;
    case 'RunProgressed':
      return `progress${d.note ? `: ${quote(d.note)}` : ''}`;
    case 'ToolCalled':
      return `tool ${text(d.name)}: ${quote(d.inputSummary, 80)}`;
    case 'TokensUsed':
      return `${tokens(d.inputTokens, d.outputTokens)} ${usd(d.costUsd)}${optional('on', d.model)}${optional('via', d.provider)} for ${text(d.agent)}`;
    case 'ProviderRateLimited':
      return `rate limited by ${text(d.provider)}${optional('until', d.resetAt)}`;
    case 'RunFinished':
      return `${text(d.outcome)}, exit ${text(d.exitCode)} after ${seconds(d.durationMs)}; ${tokens(d.inputTokens, d.outputTokens)} ${usd(d.costUsd)}${
        d.reason ? `: ${quote(d.reason)}` : ''
      }`;
  }
  return undefined;
};

const agent: Summarize = (type, d) => {
  switch (type) {
    case 'AgentStatusChanged':
      return `status ${text(d.status)}${optional('on task', d.currentTaskId)}${d.reason ? `: ${quote(d.reason)}` : ''}`;
    case 'AgentHeartbeat':
      return `heartbeat`;
    case 'AgentPaused':
      return `paused by ${text(d.by)}: ${quote(d.reason)}`;
    case 'AgentResumed':
      return `resumed by ${text(d.by)}: ${quote(d.reason)}`;
  }
  return undefined;
};

const project: Summarize = (type, d) => {
  switch (type) {
    case 'ProjectSubmitted':
      return `${quote(d.title)} submitted by ${text(d.submittedBy)} (rating ${text(d.combinedRating)}/10, max revenue ${text(d.maxRevenueEstimate)}, effort ${text(
        d.effortEstimate,
      )})`;
    case 'ProjectApproved':
      return `approved by ${text(d.by)}${d.note ? `: ${quote(d.note)}` : ''}`;
    case 'ProjectRejected':
      return `rejected by ${text(d.by)}: ${quote(d.reason)}`;
    case 'ProjectDeferred':
      return `deferred by ${text(d.by)}${d.note ? `: ${quote(d.note)}` : ''}`;
  }
  return undefined;
};

const approval: Summarize = (type, d) => {
  switch (type) {
    case 'ApprovalRequested':
      return `${quote(d.productName)} (${text(d.productType)} on ${text(d.platform)}${d.price !== undefined ? `, ${usd(d.price)}` : ''}) submitted by ${text(
        d.submittedBy,
      )}${optional('from task', d.taskId)}`;
    case 'ApprovalGranted':
      return `approved by ${text(d.by)}${d.note ? `: ${quote(d.note)}` : ''}`;
    case 'ApprovalRejected':
      return `rejected by ${text(d.by)}: ${quote(d.reason)}`;
    case 'ProductPublished':
      return `published by ${text(d.by)} (task ${short(d.taskId)})${optional('at', d.url)}`;
  }
  return undefined;
};

const tally = (d: Data) => `${text(d.for)} for, ${text(d.against)} against`;
const proposal: Summarize = (type, d) => {
  switch (type) {
    case 'ProposalCreated':
      return `${text(d.proposalType)} ${quote(d.title)} by ${text(d.proposedBy)}`;
    case 'VoteCast':
      return `${text(d.voter)} votes ${text(d.vote)}${d.comment ? `: ${quote(d.comment)}` : ''}`;
    case 'ProposalApproved':
      return `approved (${tally(d)})`;
    case 'ProposalRejected':
      return `rejected (${tally(d)})`;
    case 'ProposalExpired':
      return `expired (${tally(d)})`;
    case 'ProposalImplemented':
      return `implemented by ${text(d.by)}${d.notes ? `: ${quote(d.notes)}` : ''}`;
  }
  return undefined;
};

const governance: Summarize = (type, d) =>
  type === 'GovernanceSettingChanged' ? `${text(d.setting)} ${text(d.previous)} → ${text(d.value)} (proposal ${short(d.proposalId)})` : undefined;

const discussion: Summarize = (type, d) => {
  switch (type) {
    case 'PostAdded':
      return `${text(d.author)} in ${text(d.topic)}${d.replyTo ? ` (reply to ${short(d.replyTo)})` : ''}: ${quote(d.content, 80)}`;
    case 'PostVoted':
      return `${text(d.voter)} votes ${text(d.direction)} on post ${short(d.postId)}`;
  }
  return undefined;
};

const mailbox: Summarize = (type, d) => {
  switch (type) {
    case 'MessageSent':
      return `${text(d.type)} from ${text(d.from)} to ${text(d.to)}: ${clip(text(d.payload), 80)}`;
    case 'MessageRead':
      return `message ${short(d.messageId)} read by ${text(d.by)}`;
  }
  return undefined;
};

const lock: Summarize = (type, d) => {
  switch (type) {
    case 'LockAcquired':
      return `${text(d.path)} locked by ${text(d.holder)} until ${text(d.expiresAt).slice(11, 19)}${optional('(taken over from', d.previousHolder)}${d.previousHolder ? ')' : ''}`;
    case 'LockRefreshed':
      return `${text(d.path)} refreshed by ${text(d.holder)} until ${text(d.expiresAt).slice(11, 19)}`;
    case 'LockReleased':
      return `${text(d.path)} released by ${text(d.holder)}`;
    case 'LockExpired':
      return `${text(d.path)} of ${text(d.holder)} expired`;
  }
  return undefined;
};

const budget: Summarize = (type, d) => {
  switch (type) {
    case 'BudgetSet':
      return `daily budget ${d.dailyTokens === 0 ? 'unlimited' : `${text(d.dailyTokens)} tokens`} set by ${text(d.by)}`;
    case 'BudgetWarningRaised':
      return `warning on ${text(d.day)}: ${text(d.used)} of ${text(d.limit)} tokens used`;
    case 'BudgetExhausted':
      return `exhausted on ${text(d.day)}: ${text(d.used)} of ${text(d.limit)} tokens used`;
    case 'BudgetRaised':
      return `raised to ${text(d.dailyTokens)} tokens for ${text(d.day)} by ${text(d.by)}`;
    case 'BudgetResumed':
      return `resumed past the limit for ${text(d.day)} by ${text(d.by)}`;
  }
  return undefined;
};

const memory: Summarize = (type, d) => {
  switch (type) {
    case 'MemoryRecorded':
      return `${text(d.type)} (importance ${text(d.importance)}) by ${text(d.by)}: ${quote(d.content, 80)}`;
    case 'MemoryForgotten':
      return `forgotten by ${text(d.by)}: ${quote(d.reason)}`;
  }
  return undefined;
};

const sale: Summarize = (type, d) => {
  switch (type) {
    case 'IncomeRecorded':
      return `${cents(d.amountMinor, d.currency)} for ${quote(d.product)} from ${text(d.source)} (${text(d.externalId)})`;
    case 'IncomeRefunded':
      return `refund of ${cents(d.amountMinor, '').trim()} (${text(d.externalRefundId)}): ${quote(d.reason)}`;
  }
  return undefined;
};

const issue: Summarize = (type, d) => {
  switch (type) {
    case 'IssueSeen':
      return `${text(d.repo)}#${text(d.number)} ${quote(d.title)}`;
    case 'IssueClassified':
      return `classified as ${text(d.kind)}${optional('→ task', d.taskId)}`;
    case 'IssueReplied':
      return `replied at ${text(d.url)}`;
  }
  return undefined;
};

const byCategory: Readonly<Record<string, Summarize>> = {
  task,
  run,
  agent,
  project,
  approval,
  proposal,
  governance,
  discussion,
  mailbox,
  lock,
  budget,
  memory,
  sale,
  issue,
};

/** A type nobody wrote words for yet: its first few fields, so the line still says something. */
const generic = (data: unknown): string => {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return clip(text(data), 80);
  return Object.entries(data as Data)
    .slice(0, 3)
    .map(([k, v]) => `${k}=${clip(text(v), 40)}`)
    .join(' ');
};

/** The category of a stream: what comes before the first `-` (`task-01J…` → `task`). */
export const streamCategory = (stream: string): string => stream.split('-', 1)[0]!;

export const summarize = (stream: string, type: string, data: unknown): string => {
  const summarizeIn = byCategory[streamCategory(stream)];
  const isRecord = data !== null && typeof data === 'object' && !Array.isArray(data);
  const line = (isRecord && summarizeIn?.(type, data as Data)) || generic(data);
  return clip(line.replace(/\s+/g, ' ').trim(), maxLength);
};
