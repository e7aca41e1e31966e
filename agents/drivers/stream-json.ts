/**
 * Reading a child's streamed output line by line (`--output-format stream-json`, `codex exec --json`): chunks are
 * split on newlines whatever their boundaries, and a line that is not a JSON object is handed on as plain text
 * rather than dropped (CLIs print warnings between events).
 */

/** One very long line (a huge tool result) must not grow memory without bound: past this it is cut. */
const maxLineChars = 1_000_000;

export interface LineSplitter {
  push(chunk: string): void;
  /** Hands on the last line when the stream ended without a newline. */
  end(): void;
}

export const splitLines = (onLine: (line: string) => void): LineSplitter => {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        onLine(line);
        newline = pending.indexOf('\n');
      }
      if (pending.length > maxLineChars) {
        onLine(pending.slice(0, maxLineChars));
        pending = '';
      }
    },
    end() {
      if (pending.length > 0) onLine(pending);
      pending = '';
    },
  };
};

export type JsonObject = Record<string, unknown>;

/** The line as a JSON object, or undefined for plain text, arrays and broken JSON. */
export const parseJsonLine = (line: string): JsonObject | undefined => {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
};

/** Field readers for untyped JSON: the CLIs' formats drift, so every field is optional and checked. */
export const field = {
  string: (o: unknown, key: string): string | undefined => {
    const v = isObject(o) ? o[key] : undefined;
    return typeof v === 'string' ? v : undefined;
  },
  number: (o: unknown, key: string): number | undefined => {
    const v = isObject(o) ? o[key] : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  },
  boolean: (o: unknown, key: string): boolean | undefined => {
    const v = isObject(o) ? o[key] : undefined;
    return typeof v === 'boolean' ? v : undefined;
  },
  object: (o: unknown, key: string): JsonObject | undefined => {
    const v = isObject(o) ? o[key] : undefined;
    return isObject(v) ? v : undefined;
  },
  array: (o: unknown, key: string): unknown[] => {
    const v = isObject(o) ? o[key] : undefined;
    return Array.isArray(v) ? v : [];
  },
};

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short one-line description of a tool's input for a `tool` event (never the whole input: it may be a file). */
export const summarizeInput = (input: unknown, maxChars = 160): string => {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (isObject(input)) {
    const preferred = ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description'];
    const key = preferred.find((k) => typeof input[k] === 'string');
    text = key ? String(input[key]) : JSON.stringify(input);
  } else text = JSON.stringify(input) ?? '';
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine;
};
