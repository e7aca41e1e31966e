/**
 * What the simulated agent prints on stdout: one JSON object per line, so the `sim` driver can report each action
 * as it happens (a real model's stream plays the same part for the other drivers). Anything else on stdout is
 * kept in the run log only.
 */
export type SimLine =
  /** A swarm command the agent ran (`claude-tasks create`, `swarm memory add` …) and what it was about. */
  | { readonly kind: 'tool'; readonly name: string; readonly summary: string }
  /** Work that is not a command: reading the spec, writing files, running the product's tests. */
  | { readonly kind: 'progress'; readonly note: string }
  /** The agent could not do its job; it has already reported this on the task (or tried to). */
  | { readonly kind: 'failed'; readonly reason: string };

export const simLine = (line: SimLine): string => JSON.stringify(line);

/** Reads one stdout line back; undefined for lines that are not part of the protocol. */
export const parseSimLine = (text: string): SimLine | undefined => {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (value.kind === 'tool' && typeof value.name === 'string' && typeof value.summary === 'string')
      return { kind: 'tool', name: value.name, summary: value.summary };
    if (value.kind === 'progress' && typeof value.note === 'string') return { kind: 'progress', note: value.note };
    if (value.kind === 'failed' && typeof value.reason === 'string') return { kind: 'failed', reason: value.reason };
    return undefined;
  } catch {
    return undefined;
  }
};
