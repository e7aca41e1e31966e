#!/usr/bin/env node
// Plays a recorded run log of a real CLI (test/fixtures/recordings/*.jsonl) as that CLI printed it: the stream on
// stdout byte for byte, the `[stderr] ` lines on stderr without the prefix the run log gave them, in recorded order,
// in odd-sized chunks so lines arrive split. SWARM_REPLAY_RECORDING names the file; the exit code is
// SWARM_REPLAY_EXIT (default 0). Arguments are ignored: the recording is what the CLI said, whatever it was asked.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.env.SWARM_REPLAY_RECORDING, 'utf8');
const chunkBytes = 97;

const write = (stream, data) => new Promise((resolve) => stream.write(data, () => setImmediate(resolve)));

const inChunks = async (stream, data) => {
  const bytes = Buffer.from(data, 'utf8');
  for (let at = 0; at < bytes.length; at += chunkBytes) await write(stream, bytes.subarray(at, at + chunkBytes));
};
// SWARM_REPLAY_DROP: leave out the lines containing it (a run cut before its result, say).
const drop = process.env.SWARM_REPLAY_DROP;
let stdout = '';
for (const line of text.split(/(?<=\n)/)) {
  if (drop && line.includes(drop)) continue;
  if (line.startsWith('[stderr] ')) {
    await inChunks(process.stdout, stdout);
    stdout = '';
    await inChunks(process.stderr, line.slice('[stderr] '.length));
  } else {
    stdout += line;
  }
}
await inChunks(process.stdout, stdout);
process.exitCode = Number(process.env.SWARM_REPLAY_EXIT ?? 0);
