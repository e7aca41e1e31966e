/**
 * Stops a run that makes no progress for `progressTimeoutMs` or runs past `sessionCapMs` (SPEC §5), by aborting
 * its signal with the reason. `touch()` on every sign of progress.
 */
export const watchRun = (options: { progressTimeoutMs: number; sessionCapMs: number }) => {
  const controller = new AbortController();
  let reason: string | undefined;
  const stop = (why: string) => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort(new Error(why));
  };
  let idle = setTimeout(() => stop(`no progress for ${Math.round(options.progressTimeoutMs / 1000)} s`), options.progressTimeoutMs);
  const cap = setTimeout(() => stop(`session cap of ${Math.round(options.sessionCapMs / 1000)} s reached`), options.sessionCapMs);
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(idle);
      idle = setTimeout(() => stop(`no progress for ${Math.round(options.progressTimeoutMs / 1000)} s`), options.progressTimeoutMs);
    },
    stop,
    reason: () => reason,
    dispose() {
      clearTimeout(idle);
      clearTimeout(cap);
    },
  };
};
