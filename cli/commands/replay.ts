import { isLeft } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { replayTimeline, type Timeline, type TimelineEvent } from '../../processes/queries/replay.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';

export const usage =
  'swarm replay --task ID | --run ID | --agent A | --correlation ID [--as-of POSITION|ISO-TIME] [--limit N] [--json]   (causal timeline)';

/** The flag of each request field, so a refusal names what the person typed. */
const flags: Readonly<Record<string, string>> = { task: '--task', run: '--run', agent: '--agent', correlation: '--correlation', asOf: '--as-of', limit: '--limit' };

const refuse = (e: DomainError): never => {
  if (e.field === 'selector')
    throw badInput(`${e.message.replace(/\b(task|run|agent|correlation)\b/g, (f) => flags[f]!)} (e.g. swarm replay --task ID)`, { field: 'selector' });
  const flag = e.field ? flags[e.field] : undefined;
  if (flag && e.code === 'invalid') throw badInput(e.message.replace(new RegExp(`^${e.field}:`), `${flag}:`), { field: flag });
  return failOn(flag ? { ...e, field: flag } : e);
};

/** The time of day in UTC with milliseconds; the date is printed once per day the timeline spans. */
const timeOfDay = (iso: string) => iso.slice(11, 23);
const maxIndent = 8;

const timelineText = (timeline: Timeline): string => {
  const bound = timeline.asOf ? ` as of ${'position' in timeline.asOf ? `position ${timeline.asOf.position}` : timeline.asOf.time}` : '';
  const title = `replay of ${timeline.selector} ${timeline.id}${bound}: ${timeline.events.length} event${timeline.events.length === 1 ? '' : 's'}`;
  if (timeline.events.length === 0) return title;
  const rows = timeline.events.map((e: TimelineEvent) => [
    timeOfDay(e.at),
    String(e.position),
    e.stream,
    `${'  '.repeat(Math.min(e.depth, maxIndent))}${e.type}`,
    e.actor,
    e.summary,
  ]);
  const header = ['TIME', 'POSITION', 'STREAM', 'TYPE', 'ACTOR', 'SUMMARY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Positions are right-aligned so they line up as numbers; the summary is last and never padded.
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [title, line(header)];
  let day = '';
  timeline.events.forEach((e, i) => {
    if (e.at.slice(0, 10) !== day) {
      day = e.at.slice(0, 10);
      out.push(`── ${day} (UTC) ──`);
    }
    out.push(line(rows[i]!));
  });
  return out.join('\n');
};

/** One JSON line per event: the columns above plus the ids that link the chain, and the event's recorded data. */
const jsonLine = (e: TimelineEvent) => ({
  at: e.at,
  position: e.position,
  stream: e.stream,
  type: e.type,
  actor: e.actor,
  summary: e.summary,
  depth: e.depth,
  id: e.id,
  correlationId: e.correlationId,
  causationId: e.causationId,
  runId: e.runId ?? null,
  data: e.data,
});

/** Prints the causal timeline of a task, run, agent or correlation id, from recorded history only. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values, flags: f, positionals } = parseCommandArgs(argv, {
    task: { type: 'string' },
    run: { type: 'string' },
    agent: { type: 'string' },
    correlation: { type: 'string' },
    'as-of': { type: 'string' },
    limit: { type: 'string' },
  });
  if (positionals.length > 0) throw badInput(`replay: unexpected argument "${positionals[0]}" (name what to replay with --task, --run, --agent or --correlation)`);
  const limit = values.limit;
  const request = {
    ...(values.task !== undefined ? { task: values.task } : {}),
    ...(values.run !== undefined ? { run: values.run } : {}),
    ...(values.agent !== undefined ? { agent: values.agent } : {}),
    ...(values.correlation !== undefined ? { correlation: values.correlation } : {}),
    ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
    ...(limit !== undefined ? { limit: /^\d+$/.test(limit) ? Number(limit) : limit } : {}),
  };
  const json = f.json === true;
  const timeline = await replayTimeline(await ctx.runtime(), request, { withData: json });
  if (isLeft(timeline)) return refuse(timeline.left);
  if (json) for (const e of timeline.right.events) ctx.out(render(jsonLine(e), { json: true }));
  else ctx.out(render(timeline.right, { json: false }, timelineText));
};
