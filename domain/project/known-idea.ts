import * as t from 'io-ts';
import type { Actor } from '../log/envelope.js';
import { forbidden, invalid, type DomainError } from '../errors.js';

/**
 * An idea the swarm has already taken up (issue 17: "an idea is built once"): the project it became and how far it
 * got. The command services find it by the idea's normalised title, or by a title close enough to it, and the
 * deciders refuse a second project (or a second evaluation) of it, naming this one.
 */
export interface KnownIdea {
  readonly projectId: string;
  readonly title: string;
  /** pending, deferred, approved (being built), built (a product awaits or had a decision), published, publish_failed. */
  readonly status: KnownIdeaStatus;
}

export type KnownIdeaStatus = 'pending' | 'deferred' | 'approved' | 'built' | 'published' | 'publish_failed' | 'rejected';

/** The statuses that make an idea taken: anything but a rejected project (a person said no; it may come back). */
export const ideaIsTaken = (status: KnownIdeaStatus): boolean => status !== 'rejected';

// Words that name the kind of thing, not the idea: "Dotenv Linter CLI" and "dotenv linter tool" are one idea.
const genericWords = new Set(['a', 'an', 'the', 'for', 'of', 'and', 'to', 'with', 'cli', 'tool', 'tools', 'app', 'utility', 'kit', 'generator', 'simple', 'tiny', 'small']);

/** The words of a title that say what the idea is, lower-cased, singular-ish and in order. */
export const ideaWords = (title: string): string[] =>
  (title.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !genericWords.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));

/** The normalised title: case, punctuation, spacing, generic words and plurals do not make a new idea. */
export const ideaKey = (title: string): string => {
  const words = ideaWords(title);
  return words.length ? words.join(' ') : title.trim().toLowerCase();
};

/** How alike two titles are, 0…1: the share of their idea words they have in common (Dice coefficient over word sets). */
export const ideaSimilarity = (a: string, b: string): number => {
  const wa = new Set(ideaWords(a));
  const wb = new Set(ideaWords(b));
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return (2 * shared) / (wa.size + wb.size);
};

/**
 * Titles at least this alike are one idea: "Dotenv Linter" and "Dotenv File Linter" (0.8) are, "Dotenv Linter"
 * and "JSON Linter" (0.5) are not.
 */
export const sameIdeaSimilarity = 0.75;

/** Whether two titles name one idea (the rule the refusal applies where an idea enters). */
export const isSameIdea = (a: string, b: string): boolean => ideaKey(a) === ideaKey(b) || ideaSimilarity(a, b) >= sameIdeaSimilarity;

/** On the event through which an idea entered again on purpose: the person, their reason and the earlier project. */
export const RevivedIdea = t.intersection([t.type({ reason: t.string, by: t.string }), t.partial({ of: t.string, ofStatus: t.string })]);
export type RevivedIdea = t.TypeOf<typeof RevivedIdea>;

/**
 * Reviving a taken idea (`--revive "reason"`) is a person's decision with a reason: an agent asking is refused
 * (whatever flags it passes), as is an empty reason. Undefined when the revival may go ahead.
 */
export const reviveRefusal = (reason: string, actor: Actor): DomainError | undefined => {
  if (actor.kind !== 'human') return forbidden(`only a person may revive an idea (the ${actor.kind} "${actor.id}" asked)`, { field: 'revive' });
  if (!reason.trim()) return invalid('reviving an idea needs a reason', { field: 'revive' });
  return undefined;
};

/** What the revival records: the reason, who, and the project the idea had become (when there was one). */
export const revivedRecord = (reason: string, actor: Actor, known: KnownIdea | undefined): RevivedIdea => ({
  reason: reason.trim(),
  by: actor.id,
  ...(known ? { of: known.projectId, ofStatus: known.status } : {}),
});
