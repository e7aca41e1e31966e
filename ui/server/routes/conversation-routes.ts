import { isLeft, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { agentNames } from '../../../domain/agent/roles.js';
import type { ProposalStatus } from '../../../domain/proposal/index.js';
import { postDiscussion } from '../../../processes/commands/discussion-commands.js';
import { castVote, listProposals } from '../../../processes/commands/proposal-commands.js';
import { createTask } from '../../../processes/commands/task-commands.js';
import { giveDirective } from '../../../processes/commands/directive-commands.js';
import { discussionCollections, discussionsProjection, type PostView } from '../../../projections/discussions/discussions-projection.js';
import { topicPosts } from '../../../projections/discussions/queries.js';
import { mailProjection, type MessageView } from '../../../projections/mail/mail-projection.js';
import { inbox } from '../../../projections/mail/queries.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { FreeText, IdString, NameString, OptionalText } from '../../../domain/limits/index.js';
import { OneOf, WholeNumberText } from '../query-values.js';
import { postJson, proposalJson } from '../views.js';

const proposalStatuses: readonly ProposalStatus[] = ['open', 'approved', 'rejected', 'expired', 'implemented'];

const MessagesQuery = t.partial({ agent_id: IdString, limit: WholeNumberText(1, 500) });
const DiscussionsQuery = t.partial({ topic: NameString, limit: WholeNumberText(1, 500) });
const ProposalsQuery = t.partial({ status: OneOf(proposalStatuses), limit: WholeNumberText(1, 500) });
const VoteBody = t.intersection([t.type({ vote: OneOf(['for', 'against']) }), t.partial({ comment: OptionalText })]);
const ChatBody = t.type({ message: FreeText });
const Priority = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number from 1 to 10');
const DirectiveBody = t.intersection([t.type({ message: FreeText }), t.partial({ to: IdString, priority: Priority })]);

const chatTopic = 'human_chat';

const messageJson = (m: MessageView) => ({
  id: m.messageId,
  from_agent: m.from,
  to_agent: m.to,
  message_type: m.type,
  payload: m.payload,
  read: m.read,
  created_at: m.sentAt,
  read_at: m.readAt ?? null,
});

/** The newest posts of every topic, newest first (the `recent` index is kept newest first). */
const newestPosts = (reader: Awaited<ReturnType<ApiContext['read']>>, limit: number): PostView[] =>
  reader
    .page<{ postId: string }>(discussionCollections.recent, { limit })
    .map((r) => reader.get<PostView>(discussionCollections.posts, r.postId))
    .filter((p): p is PostView => p !== undefined);

/** Mail, discussions, proposals with live tallies and voting, chat with Liaison, and directives (DASH-23…31). */
export const conversationRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/messages', { tag: 'swarm', summary: "Mail to one agent (agent_id), or everyone's, newest first", query: MessagesQuery }, async ({ query }) => {
    const reader = await ctx.read(mailProjection);
    const limit = query.limit ?? 50;
    const recipients = query.agent_id !== undefined ? [query.agent_id] : [...agentNames];
    const messages = recipients
      .flatMap((r) => inbox(reader, r, { limit }))
      .sort((a, b) => b.position - a.position)
      .slice(0, limit);
    return right({ messages: messages.map(messageJson) });
  });

  api.read('/api/discussions', { tag: 'swarm', summary: 'Discussion posts, newest first, of one topic or all', query: DiscussionsQuery }, async ({ query }) => {
    const reader = await ctx.read(discussionsProjection);
    const limit = query.limit ?? 100;
    const posts = query.topic !== undefined ? topicPosts(reader, query.topic, limit).reverse() : newestPosts(reader, limit);
    return right({ discussions: posts.map(postJson) });
  });

  api.read('/api/proposals', { tag: 'swarm', summary: 'Proposals, newest first, with live tallies and who voted how', query: ProposalsQuery }, async ({ query }) => {
    const proposals = await listProposals(ctx.runtime, { ...(query.status ? { status: query.status } : {}), limit: query.limit ?? (query.status ? 500 : 50) });
    return right({ proposals: proposals.map(proposalJson) });
  });

  api.mutate(
    '/api/proposals/:id/vote',
    { tag: 'swarm', summary: 'Vote on an open proposal as the operator (one vote per voter)', body: VoteBody },
    async ({ body, params, caller }) => {
      const outcome = await castVote(ctx.runtime, caller, { proposalId: params.id, vote: body.vote, ...(body.comment?.trim() ? { comment: body.comment.trim() } : {}) });
      if (isLeft(outcome)) return outcome;
      const o = outcome.right;
      return right({
        status: 'voted',
        proposal_id: o.proposalId,
        vote: o.vote,
        proposal_status: o.status,
        tally: o.tally,
        implementation_task_id: o.implementationTaskId ?? null,
      });
    },
  );

  api.read('/api/chat', { tag: 'chat', summary: 'The last 50 posts of the human chat, oldest first' }, async () => {
    const posts = topicPosts(await ctx.read(discussionsProjection), chatTopic, 50);
    return right(posts.map((p) => ({ id: p.postId, author: p.author, content: p.content, created_at: p.at })));
  });

  api.mutate(
    '/api/chat',
    { tag: 'chat', summary: 'Say something to the swarm: a post in human_chat and a respond_to_human task for Liaison (priority 10)', body: ChatBody },
    async ({ body, caller, operator }) => {
      // The post and the task share one causal chain, so replay shows the question with its answer.
      const chained = { ...caller, correlationId: caller.correlationId ?? ctx.runtime.newId() };
      const posted = await postDiscussion(ctx.runtime, chained, { content: body.message, topic: chatTopic });
      if (isLeft(posted)) return posted;
      const task = await createTask(ctx.runtime, chained, {
        type: 'respond_to_human',
        priority: 10,
        assignedTo: 'liaison',
        payload: { message: body.message, post_id: posted.right.postId, from: operator },
      });
      if (isLeft(task)) return task;
      return right({ success: true, post_id: posted.right.postId, task_id: task.right.taskId });
    },
  );

  api.mutate(
    '/api/directive',
    {
      tag: 'chat',
      summary: 'Give an agent a directive: a post in the directive topic and a directive task addressed to it (default liaison, priority 10)',
      body: DirectiveBody,
    },
    async ({ body, caller, operator }) => {
      const given = await giveDirective(ctx.runtime, caller, { message: body.message, from: operator, ...(body.to ? { to: body.to } : {}), ...(body.priority !== undefined ? { priority: body.priority } : {}) });
      if (isLeft(given)) return given;
      const g = given.right;
      return right({ success: true, task_id: g.taskId, to: g.to, post_id: g.postId, ...(g.warning ? { warnings: [g.warning] } : {}) });
    },
  );
};
