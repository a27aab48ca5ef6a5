/*
 * The file editors run: `node extension/dist/server.js --stdio`. It loads the real server bundle
 * (server-main.js) through V8's code cache, so a new server does not compile 700 KB of JavaScript
 * again: the first run writes `server-main.<bundle hash>.<node version>-<arch>.cache` beside the
 * bundle (best effort: a read-only folder just means no cache), later runs start from it. The
 * bundle's hash is in the name because V8 checks a cache against the source's length only; a cache
 * from another V8 is rejected by V8 itself and the bundle compiles as usual.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'server-main.js');
const source = readFileSync(bundle, 'utf8');
const cacheFile = join(__dirname, `server-main.${createHash('sha256').update(source).digest('hex').slice(0, 16)}.${process.version}-${process.arch}.cache`);

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
const moduleObject = { exports: {}, id: bundle, filename: bundle, loaded: false };
(script.runInThisContext() as (...args: unknown[]) => void).call(moduleObject.exports, moduleObject.exports, createRequire(bundle), moduleObject, bundle, __dirname);

if (!cachedData || script.cachedDataRejected) {
  // Written once the server has started and served its first requests, so the functions it ran are in the cache too.
  setTimeout(() => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // No cache this time: the next start compiles again.
    }
  }, 3_000).unref();
}
