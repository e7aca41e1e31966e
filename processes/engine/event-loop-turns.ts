/**
 * Lets the event loop turn (timers, sockets: the dashboard's requests) once `everyMs` of work has passed since it
 * last did. A subscription hands events on through promises alone, so a process manager working through a backlog
 * (a restart after a long absence: thousands of events) would otherwise hold the loop until it is done.
 */
export const eventLoopTurns = (everyMs = 20): (() => Promise<void>) => {
  let turned = performance.now();
  return async () => {
    if (performance.now() - turned < everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    turned = performance.now();
  };
};
