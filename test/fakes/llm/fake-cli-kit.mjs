// What the fake `claude` and `codex` executables share: choosing a scenario, recording what they were given (argv,
// env, cwd, stdin) for the tests to check, printing JSON lines, and hanging on request.
import { writeFileSync } from 'node:fs';

/** The prompt's `scenario:<name>` word wins over FAKE_LLM_SCENARIO, so one test can drive several runs. */
export const scenarioOf = (prompt) => /scenario:([a-z0-9-]+)/i.exec(prompt ?? '')?.[1] ?? process.env.FAKE_LLM_SCENARIO ?? 'normal';

export const readStdin = async () => {
  if (process.stdin.isTTY) return '';
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text;
};

export const record = (extra) => {
  const path = process.env.FAKE_LLM_RECORD;
  if (!path) return;
  writeFileSync(path, JSON.stringify({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), pid: process.pid, ...extra }));
};

export const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

/** Prints nothing more and never exits by itself; `stubborn` also ignores SIGTERM, so only SIGKILL ends it. */
export const hang = (stubborn) => {
  if (stubborn) process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\n'));
  setInterval(() => undefined, 60_000);
};

export const resetEpoch = () => Number(process.env.FAKE_LLM_RESET_EPOCH ?? 1773165600);
