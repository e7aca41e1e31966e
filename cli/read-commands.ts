/**
 * Which invocations only read the swarm (issue K, point 3): on a machine with no log yet they say where they looked
 * and how to start one, instead of creating an empty store. Writes (and `swarm up`) create the store.
 */
const valueFlags = new Set(['--topic', '--in-topic', '--reply-to', '--minutes', '--status', '--type', '--agent', '--limit', '--from', '--to']);

/** The words of argv that are not flags or flag values. */
const positionals = (argv: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) {
      if (valueFlags.has(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
};

type Rule = true | ((argv: readonly string[]) => boolean);

const firstWordIn = (...words: string[]) => (argv: readonly string[]) => words.includes(positionals(argv)[0] ?? '');
/** `discuss --recent`, `discuss --topic T`: reads; `discuss AGENT "text"`: a post. */
const discussReads = (argv: readonly string[]) => argv.includes('--recent') || positionals(argv).length < 2;

const readRules: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  swarm: {
    status: true,
    agents: true,
    approvals: true,
    projects: true,
    project: true,
    proposals: true,
    events: true,
    replay: true,
    ledger: true,
    rebuild: true,
    doctor: true,
    task: firstWordIn('list', 'show'),
    mail: firstWordIn('inbox'),
    lock: firstWordIn('list'),
    memory: firstWordIn('search', 'recent'),
    budget: (argv) => ['show', undefined].includes(positionals(argv)[0]),
    discuss: discussReads,
  },
  'claude-tasks': {
    list: true,
    approvals: true,
    'check-approval': true,
    projects: true,
    project: true,
  },
  'claude-swarm': {
    status: true,
    proposals: true,
    discuss: discussReads,
  },
};

/** True when `program argv…` only reads (so it must not create a store that is not there). */
export const onlyReads = (program: string, argv: readonly string[]): boolean => {
  const [name, ...rest] = argv;
  const rule = name === undefined ? undefined : readRules[program]?.[name];
  if (rule === undefined) return false;
  return rule === true || rule(rest);
};
