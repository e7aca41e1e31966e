import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { num, text, type SimSession } from '../sim-session.js';
import { slugOf, stableNumber } from '../stable-choice.js';
import { numberDirective } from '../directives.js';

/** Instant rejects (PIPE-02): services, bounties, work on other people's repositories, saturated markets. */
const instantRejects: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(services?|consulting|managed|subscription)\b/i, 'it is a service, not a product the swarm can build once and sell'],
  [/\b(bount(y|ies)|algora|gitcoin|gitpay)\b/i, 'bounties are prohibited'],
  [/\b(pull requests?|forks?|open[- ]source contributions?|external repo)/i, 'work on external repositories is prohibited'],
  [/\b(todo|to-do|notes app|portfolio)\b/i, 'the market is saturated'],
];

const dimensions = ['AI commoditization', 'market reality', 'effort vs reward', 'differentiation'] as const;

export interface CriticVerdict {
  readonly approved: boolean;
  readonly rating: number;
  readonly reason: string;
  /** 🟢/🟡/🔴 per dimension. */
  readonly marks: readonly string[];
}

/** The critic's decision, from the idea alone: the same idea always gets the same verdict. */
export const judgeIdea = (payload: Readonly<Record<string, unknown>>, minGreen?: number): CriticVerdict => {
  const title = text(payload, 'title', '(untitled)');
  const hunterRating = num(payload, 'hunter_rating', 0);
  const words = [title, text(payload, 'pitch'), text(payload, 'description')].join(' ');
  const instant = instantRejects.find(([pattern]) => pattern.test(words));
  if (instant) return { approved: false, rating: 2, reason: `Instant reject: ${instant[1]}.`, marks: ['🔴', '🟡', '🔴', '🟡'] };
  if (hunterRating < 5) return { approved: false, rating: Math.max(1, Math.round(hunterRating)), reason: `Rated ${hunterRating}/10 by the hunter: below 5, not worth building.`, marks: ['🟡', '🔴', '🟡', '🟡'] };
  if (!text(payload, 'differentiation').trim() || /^none$/i.test(text(payload, 'differentiation').trim()))
    return { approved: false, rating: 3, reason: 'No differentiation: nothing sets it apart from what buyers already have.', marks: ['🟡', '🟡', '🟡', '🔴'] };
  // One dimension may be yellow (3 green + 1 yellow still approves); which one is the idea's own.
  const yellow = stableNumber(`critic:${title}`) % 5;
  const marks = dimensions.map((_, i) => (i === yellow ? '🟡' : '🟢'));
  const rating = Math.min(9, Math.max(5, Math.round(hunterRating) - (yellow < 4 ? 1 : 0)));
  const green = marks.filter((m) => m === '🟢').length;
  // The prompt directive `sim: critic.minGreen=N` (agents/sim/directives.ts) sets how many greens approval needs.
  if (minGreen !== undefined && green < minGreen)
    return { approved: false, rating: Math.min(rating, 4), reason: `Rejected: ${green} of 4 dimensions green, ${minGreen} required.`, marks };
  return { approved: true, rating, reason: `Approved: ${marks.filter((m) => m === '🟢').length} of 4 dimensions green.`, marks };
};

/** evaluate_idea: approve → `write_spec` for the PM with the critic's fields; reject → mail the hunter why. */
export const critic = (s: SimSession): void => {
  const p = s.task.payload;
  const title = text(p, 'title', '(untitled)');
  const verdict = judgeIdea(p, numberDirective(process.env, 'critic.minGreen'));
  const evaluation = `${verdict.reason} ${dimensions.map((d, i) => `${d} ${verdict.marks[i]}`).join(', ')}.`;
  const dir = join(s.home, 'evaluations');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${slugOf(title)}-${s.task.id}.md`);
  writeFileSync(
    file,
    `# Evaluation: ${title}\n\nDecision: ${verdict.approved ? 'APPROVED' : 'REJECTED'}\nCritic rating: ${verdict.rating}/10\n\n` +
      dimensions.map((d, i) => `- ${d}: ${verdict.marks[i]}`).join('\n') +
      `\n\n${verdict.reason}\n`,
  );
  s.progress(`wrote ${file}`);
  if (!verdict.approved) {
    s.cli('claude-tasks', ['message', '--to', 'hunter', '--from', s.agent, '--type', 'idea_rejected', '--payload', JSON.stringify({ title, reason: verdict.reason })]);
    s.complete({ decision: 'REJECTED', reason: verdict.reason });
    return;
  }
  const specPayload = {
    ...p,
    critic_evaluation: evaluation,
    critic_rating: verdict.rating,
    cons: `Small niche; ${text(p, 'competition', 'existing tools')} may add the feature.`,
    target_users: text(p, 'target_buyer', 'developers'),
    approved_by: 'critic',
  };
  const created = s.cli('claude-tasks', ['create', '--type', 'write_spec', '--to', 'pm', '--from', s.agent, '--priority', '7', '--payload', JSON.stringify(specPayload)]);
  // The swarm already has this idea (it became a project meanwhile): nothing to hand on, and that is the verdict.
  const existingProject = created.json?.existingProjectId;
  if (created.exitCode !== 0 && typeof existingProject === 'string') {
    s.complete({ decision: 'DUPLICATE', project_id: existingProject, status: created.json?.existingStatus ?? null });
    return;
  }
  if (created.exitCode !== 0 && created.json?.status !== 'duplicate_rejected')
    throw new Error(`could not hand "${title}" to the PM: ${String(created.json?.error ?? created.stderr.trim())}`);
  s.complete({ decision: 'APPROVED', score: verdict.rating, routed_to: 'pm' });
};
