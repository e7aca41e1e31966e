import * as t from 'io-ts';
import { AgentEventCodec } from '../../domain/agent/events.js';
import { ApprovalEventCodec } from '../../domain/approval/events.js';
import { BudgetEventCodec } from '../../domain/budget/events.js';
import { DiscussionEventCodec } from '../../domain/discussion/events.js';
import { GovernanceEventCodec } from '../../domain/governance/events.js';
import { IncomeEventCodec } from '../../domain/income/events.js';
import { IssueEventCodec } from '../../domain/issue/events.js';
import { LockEventCodec } from '../../domain/lock/events.js';
import { MailboxEventCodec } from '../../domain/mailbox/events.js';
import { MemoryEventCodec } from '../../domain/memory/events.js';
import { ProjectEventCodec } from '../../domain/project/events.js';
import { ProposalEventCodec } from '../../domain/proposal/events.js';
import { RunEventCodec } from '../../domain/run/events.js';
import { TaskEventCodec } from '../../domain/task/events.js';
import { RefusalEventCodec } from '../../domain/refusal/events.js';

type EventCodec = t.TypeC<{ type: t.LiteralC<string>; data: t.Mixed }>;
/** The event types of a stream's codec: a union of event codecs, or a single one. */
const typesOf = (codec: EventCodec | { readonly types: readonly EventCodec[] }): string[] =>
  'types' in codec ? codec.types.map((c) => c.props.type.value) : [codec.props.type.value];

/**
 * Every event type of every stream, read from the domain's own codecs so a new event type is indexed without a
 * second list to keep in step (the engine feeds a projection only the types it names). A new stream type's codec
 * goes here; the projection's version must then be bumped so it is rebuilt with the new type.
 */
export const everyEventType: readonly string[] = [
  ...new Set(
    [
      TaskEventCodec,
      RunEventCodec,
      AgentEventCodec,
      ProjectEventCodec,
      ApprovalEventCodec,
      ProposalEventCodec,
      GovernanceEventCodec,
      DiscussionEventCodec,
      MailboxEventCodec,
      LockEventCodec,
      BudgetEventCodec,
      MemoryEventCodec,
      IncomeEventCodec,
      IssueEventCodec,
      RefusalEventCodec,
    ].flatMap((codec) => typesOf(codec as EventCodec)),
  ),
];
