import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, so that the heap measured after it is what is live. Between the passes of a fold over a
 * long log (catch-up.ts): without it the documents a pass let go still count until V8 collects them, and the next
 * pass cannot tell its own growth from them. Node's `gc` is exposed here, once, as `--expose-gc` would.
 */
export const collectGarbage = (): void => {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
};
