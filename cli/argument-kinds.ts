import type { InputKind } from '../domain/limits/index.js';

/**
 * Which kind of input (domain/limits) each flag holds, by its name: a flag means the same thing in every command
 * (`--to` is always an agent or mailbox, `--payload` always JSON), so one table serves `swarm`, `claude-tasks` and
 * `claude-swarm`, and the agent endpoint that runs them. A flag not listed is free text.
 */
export const flagKinds: Readonly<Record<string, InputKind>> = {
  // ids: what a machine made or matches (ids, unique prefixes, agents, mailboxes, operators)
  agent: 'id',
  author: 'id',
  correlation: 'id',
  'external-id': 'id',
  from: 'id',
  holder: 'id',
  id: 'id',
  parent: 'id',
  'project-id': 'id',
  'refund-id': 'id',
  'reply-to': 'id',
  run: 'id',
  task: 'id',
  'task-id': 'id',
  'test-status': 'name',
  to: 'id',
  // names: short labels, statuses, numbers and times (each command then checks the value itself)
  amount: 'name',
  'as-of': 'name',
  by: 'name',
  currency: 'name',
  driver: 'name',
  effort: 'name',
  generation: 'name',
  host: 'name',
  'hunter-rating': 'name',
  'critic-rating': 'name',
  importance: 'name',
  'in-topic': 'name',
  'income-potential': 'name',
  limit: 'name',
  'market-size': 'name',
  'max-revenue': 'name',
  'min-importance': 'name',
  minutes: 'name',
  name: 'name',
  platform: 'name',
  port: 'name',
  price: 'name',
  priority: 'name',
  product: 'name',
  projection: 'name',
  roles: 'name',
  source: 'name',
  status: 'name',
  stream: 'name',
  tags: 'name',
  title: 'name',
  topic: 'name',
  ttl: 'name',
  type: 'name',
  types: 'name',
  // paths and URLs
  files: 'path',
  preview: 'path',
  'spec-path': 'path',
  // JSON carried as data (a result may also be plain text)
  payload: 'json',
  result: 'json',
};

/** A positional argument's name (as usage spells it, e.g. `ID`) and kind. */
export type PositionalKind = readonly [name: string, kind: InputKind];
