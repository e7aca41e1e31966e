import cliProgress from 'cli-progress';

/** A progress bar on stderr for long work (rebuilds); silent when stderr is not a terminal, except a final line. */
export const progressBar = (label: string) => {
  const interactive = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} positions | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastReported = -1;
  return {
    update(done: number, total: number) {
      if (interactive) {
        if (!started) {
          bar.start(Math.max(total, 1), 0);
          started = true;
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(done);
      } else {
        // Without a terminal, report every 10% so logs show the work moving.
        const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
        if (decile !== lastReported) {
          lastReported = decile;
          process.stderr.write(`${label}: ${Math.min(100, decile * 10)}% (${done}/${total} positions)\n`);
        }
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
};
