// Checkpoints kept in the log itself: one `checkpoint-<subscriber>` stream per subscriber, one `CheckpointSaved`
// event per save. The stream is capped to its last event (stream metadata `$maxCount: 1`), so loading is one read.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import type { EventMetadata } from '../../../domain/log/envelope.js';
import type { CheckpointStore } from '../../../domain/log/event-store.js';
import { newEventId } from '../event-ids.js';
import { appendEvents } from './esdb-append.js';
import { checkpointStreamOf } from './esdb-hidden-events.js';
import { readStream } from './esdb-reads.js';
import type { EsdbClient } from './esdb-client.js';

const CheckpointSaved = t.type({ position: t.number });

const metadataFor = (subscriber: string): EventMetadata => ({
  correlationId: subscriber,
  causationId: subscriber,
  actor: { kind: 'system', id: 'checkpoint-store' },
  at: new Date().toISOString(),
  schemaVersion: 1,
});

export const esdbCheckpoints = (client: EsdbClient): CheckpointStore => ({
  load: async (subscriber) => {
    const last = await readStream(client, checkpointStreamOf(subscriber), { direction: 'backwards', maxCount: 1 }, true);
    if (isLeft(last) || !last.right[0]) return undefined;
    const saved = CheckpointSaved.decode(last.right[0].data);
    if (isLeft(saved)) throw new Error(`checkpoint of ${subscriber} is malformed: ${PathReporter.report(saved).join('; ')}`);
    return saved.right.position;
  },
  save: async (subscriber, position) => {
    const stream = checkpointStreamOf(subscriber);
    const event = { id: newEventId(), type: 'CheckpointSaved', data: { position }, metadata: metadataFor(subscriber) };
    const saved = await appendEvents(client, stream, [event], 'any');
    if (isLeft(saved)) throw new Error(`saving the checkpoint of ${subscriber} failed: ${saved.left.message}`);
    if (saved.right.nextRevision === 0) await client.setStreamMetadata(stream, { maxCount: 1 });
  },
});
