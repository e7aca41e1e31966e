/**
 * Stops a run that makes no progress for `progressTimeoutMs`, runs past `sessionCapMs` (SPEC §5), or uses more than
 * `tokenCap` tokens (`tokens.sessionMax`, or the role's `agents.<name>.sessionMaxTokens`), by aborting its signal
 * with the reason. `touch()` on every sign of progress; `spend(n)` for the tokens each usage report adds.
 */
export const watchRun = (options: { progressTimeoutMs: number; sessionCapMs: number; tokenCap?: number }) => {
  const controller = new AbortController();
  let reason: string | undefined;
  let tokensUsed = 0;
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
    /** Counts tokens the run used; past the cap the run is stopped (its task is handed back with this reason). */
    spend(tokens: number) {
      tokensUsed += Math.max(0, tokens);
      if (options.tokenCap !== undefined && tokensUsed > options.tokenCap)
        stop(`token cap of ${options.tokenCap} tokens reached (${tokensUsed} used)`);
    },
    stop,
    reason: () => reason,
    dispose() {
      clearTimeout(idle);
      clearTimeout(cap);
    },
  };
};
