import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Named operator tokens for the HTTP API (SPEC §7.2): each person who may approve, reject or send commands from the
 * dashboard has a name and a bearer token. Only a SHA-256 of each token is stored (`$SWARM_HOME/operators.json`, mode
 * 0600), so the file alone lets nobody in; the token itself is shown once, when it is made.
 */
export interface OperatorRecord {
  readonly name: string;
  readonly tokenSha256: string;
  readonly createdAt: string;
  /** The operator's Slack user id (`U…`): decisions from Slack by this user are recorded under this name. */
  readonly slackUserId?: string;
}

export interface NewOperator {
  readonly name: string;
  /** The bearer token, shown to the person once and never stored. */
  readonly token: string;
}

export type OperatorAddition = { readonly kind: 'added'; readonly operator: NewOperator } | { readonly kind: 'exists'; readonly name: string } | { readonly kind: 'bad_name'; readonly message: string };

export interface OperatorTokens {
  readonly path: string;
  /** The operator a bearer token belongs to, or undefined. Reads the file again when it changed (`swarm operator add` in another process). */
  operatorOf(token: string): string | undefined;
  list(): readonly Omit<OperatorRecord, 'tokenSha256'>[];
  add(name: string, now?: Date): OperatorAddition;
  /** Maps a Slack user to an operator (one Slack user, one operator); false when there is no such operator. */
  linkSlack(name: string, slackUserId: string): boolean;
  /** The operator a Slack user id is mapped to, or undefined (re-reads the file when it changed). */
  operatorOfSlackUser(slackUserId: string): string | undefined;
  remove(name: string): boolean;
  /** Creates the operator `admin` when there is no operator yet (first start of `swarm up`); returns its token then. */
  ensureFirst(now?: Date): NewOperator | undefined;
}

export const operatorsFile = (home: string): string => join(home, 'operators.json');

/** Slack user ids: `U` or `W` and upper-case letters and digits. */
export const slackUserIdPattern = /^[UW][A-Z0-9]{2,20}$/;

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const operatorNameRule = 'a name of 1–64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** 32 random bytes, base64url, with a prefix that makes a leaked token easy to recognise in logs and scanners. */
const newToken = (): string => `swarm_op_${randomBytes(32).toString('base64url')}`;

const readRecords = (path: string): OperatorRecord[] => {
  if (!existsSync(path)) return [];
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { operators?: OperatorRecord[] };
  return Array.isArray(parsed.operators) ? parsed.operators.filter((o) => typeof o.name === 'string' && typeof o.tokenSha256 === 'string') : [];
};

/** Written to a private temporary file and renamed over the old one, so a reader never sees half a file. */
const writeRecords = (path: string, records: readonly OperatorRecord[]): void => {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ operators: records }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
};

export const openOperatorTokens = (home: string): OperatorTokens => {
  const path = operatorsFile(home);
  let cached: { mtimeMs: number; size: number; records: OperatorRecord[] } | undefined;
  const records = (): OperatorRecord[] => {
    if (!existsSync(path)) return [];
    const stat = statSync(path);
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) cached = { mtimeMs: stat.mtimeMs, size: stat.size, records: readRecords(path) };
    return cached.records;
  };
  const save = (next: OperatorRecord[]) => {
    writeRecords(path, next);
    cached = undefined;
  };
  const add = (name: string, now = new Date()): OperatorAddition => {
    if (!namePattern.test(name)) return { kind: 'bad_name', message: `NAME: expected ${operatorNameRule}, got "${name}"` };
    const current = records();
    if (current.some((o) => o.name === name)) return { kind: 'exists', name };
    const token = newToken();
    save([...current, { name, tokenSha256: sha256(token).toString('hex'), createdAt: now.toISOString() }]);
    return { kind: 'added', operator: { name, token } };
  };
  return {
    path,
    operatorOf: (token) => {
      if (!token) return undefined;
      const presented = sha256(token);
      // Compare every record in constant time: the answer must not leak how much of a hash matched.
      let found: string | undefined;
      for (const o of records()) {
        const stored = Buffer.from(o.tokenSha256, 'hex');
        if (stored.length === presented.length && timingSafeEqual(stored, presented)) found ??= o.name;
      }
      return found;
    },
    list: () => records().map(({ name, createdAt, slackUserId }) => ({ name, createdAt, ...(slackUserId ? { slackUserId } : {}) })),
    add,
    linkSlack: (name, slackUserId) => {
      const current = records();
      if (!current.some((o) => o.name === name)) return false;
      save(current.map((o) => (o.name === name ? { ...o, slackUserId } : o.slackUserId === slackUserId ? (({ slackUserId: _, ...rest }) => rest)(o) : o)));
      return true;
    },
    operatorOfSlackUser: (slackUserId) => records().find((o) => o.slackUserId === slackUserId)?.name,
    remove: (name) => {
      const current = records();
      if (!current.some((o) => o.name === name)) return false;
      save(current.filter((o) => o.name !== name));
      return true;
    },
    ensureFirst: (now = new Date()) => {
      if (records().length > 0) return undefined;
      const added = add('admin', now);
      return added.kind === 'added' ? added.operator : undefined;
    },
  };
};
