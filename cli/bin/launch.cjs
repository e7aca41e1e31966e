'use strict';
// Starts a bin on the compiled CLI (built by `npm install` / `npm run build`; agents call it constantly, so no
// TypeScript loader). A one-shot command loads its own CommonJS bundle, dist/cmd/<bin>/<command>.cjs, which starts
// fastest; anything else (`swarm up`, help, an unknown command) loads the ES module build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

module.exports = (bin) => {
  const dist = join(__dirname, '..', '..', 'dist');
  // Inside an agent run: every command goes to the swarm's agent endpoint with the run's token, never to the store.
  if (process.env.SWARM_RUN_TOKEN !== undefined) {
    require(join(dist, 'agent', 'agent-client.cjs')).runThroughEndpoint(bin);
    return;
  }
  const command = process.argv[2];
  const bundle = command && /^[a-z][a-z-]*$/.test(command) ? join(dist, 'cmd', bin, `${command}.cjs`) : undefined;
  if (bundle && existsSync(bundle)) {
    // `swarm up`'s start-up compiles several megabytes of JavaScript: from V8's code cache once it has one.
    if (bin === 'swarm' && command === 'up') {
      const cache = require('./code-cache.cjs').installCodeCache(join(dist, 'code-cache'));
      globalThis[Symbol.for('swarmlog.saveCodeCache')] = cache.save;
      require('./fold-worker-start.cjs').startFoldWorkerEarly(dist);
    }
    require(bundle);
  }
  else import(pathToFileURL(join(dist, 'cli', `${bin}.js`)).href);
};
