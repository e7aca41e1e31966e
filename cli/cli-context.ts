import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore } from '../domain/log/event-store.js';
import { storeUrl, swarmHome } from '../infra/config/store-location.js';
import { openEventStore, parseStoreUrl } from '../infra/log/open-event-store.js';
import { badInput } from './cli-failure.js';

/** What every command may need, opened lazily so a command pays only for what it uses. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly storeUrl: string;
  store(): Promise<EventStore>;
  close(): Promise<void>;
  out(line: string): void;
}

export const createCliContext = (env: NodeJS.ProcessEnv = process.env): CliContext => {
  let opened: Promise<EventStore> | undefined;
  const url = storeUrl(env);
  return {
    env,
    home: swarmHome(env),
    storeUrl: url,
    store: () => {
      if (!opened) {
        const location = parseStoreUrl(url);
        if (isLeft(location)) throw badInput(location.left);
        opened = openEventStore(location.right);
      }
      return opened;
    },
    close: async () => {
      if (opened) await (await opened).close();
    },
    out: (line) => process.stdout.write(`${line}\n`),
  };
};
