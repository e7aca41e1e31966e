'use strict';
// V8's code cache for the CommonJS modules of a long start (`swarm up`): Node 20 compiles every module from source
// at each start (module.enableCompileCache is Node 22), which was about a quarter of `swarm up`'s start-up. Each
// module compiled here without a cache gets one written once the process calls `save()` (after its start-up, so the
// functions the start ran are in it); later starts compile from it. V8 checks only a cache's length, V8 version and
// flags against the source, so each entry is keyed by what the module is: a package's module by its content (npm
// gives every installed file the same time); one of dist/, which the build rewrites and whose cache it empties, by
// its size and time (hashing the megabytes of the bundles took ~20 ms of each start).
// Only an optimisation: a cache that cannot be read or written is ignored.
const Module = require('node:module');
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');

/** Compiles CommonJS modules loaded from now on with a code cache kept in `dir`; returns `save()`. */
module.exports.installCodeCache = (dir) => {
  const pending = [];
  const counts = { fromCache: 0, fromSource: 0 };
  const built = path.dirname(dir) + path.sep;
  const keyOf = (filename, content) => {
    const hash = createHash('sha1').update(filename).update('\0');
    if (!filename.startsWith(built)) return hash.update(content).digest('hex');
    const { size, mtimeMs } = fs.statSync(filename);
    return hash.update(`${size}\0${mtimeMs}`).digest('hex');
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    let script;
    try {
      const file = path.join(dir, `${keyOf(filename, content)}.v8`);
      const cachedData = readIfPresent(file);
      script = new vm.Script(Module.wrap(content), {
        filename,
        ...(cachedData ? { cachedData } : {}),
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
      if (!cachedData || script.cachedDataRejected) pending.push({ script, file });
      counts[cachedData && !script.cachedDataRejected ? 'fromCache' : 'fromSource']++;
    } catch {
      // Whatever Node's own compiler says about this module (a syntax error, say) is what the user should see.
      return compile.call(this, content, filename);
    }
    const mod = this;
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  return {
    /** How many modules were compiled from the cache and from source so far. */
    counts: () => ({ ...counts }),
    /** Writes the cache of every module compiled without one (what ran so far is compiled in it). */
    save() {
      const todo = pending.splice(0);
      if (todo.length === 0) return;
      try {
        fs.mkdirSync(dir, { recursive: true });
        for (const { script, file } of todo) {
          const temporary = `${file}.${process.pid}.tmp`;
          fs.writeFileSync(temporary, script.createCachedData());
          fs.renameSync(temporary, file);
        }
      } catch {
        // A read-only installation: every start compiles from source, as without the cache.
      }
    },
  };
};

const readIfPresent = (file) => {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
};
