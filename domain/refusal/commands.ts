import * as t from 'io-ts';
import { RefusalReason } from './events.js';

export const RecordRefusal = t.intersection([
  t.type({ type: t.literal('RecordRefusal'), refusalId: t.string, agent: t.string, command: t.string, reason: RefusalReason, message: t.string }),
  t.partial({ runId: t.string, taskId: t.string }),
]);

export const RefusalCommandCodec = RecordRefusal;
export type RefusalCommand = t.TypeOf<typeof RecordRefusal>;
