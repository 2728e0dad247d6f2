#!/usr/bin/env node
// The installed `huifang` command: runs the bundle (dist/bundle/huifang.cjs, built by `npm run build`) when present, else the plain compiled CLI.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// Stack traces are printed only with --debug or HUIFANG_DEBUG (not 0), as main.ts decides; then map the bundle's lines back to src/*.ts.
// Off otherwise: reading the maps costs start-up time. It must be on before the bundle loads.
const debug = process.argv.includes('--debug') || Boolean(process.env.HUIFANG_DEBUG && process.env.HUIFANG_DEBUG !== '0');
if (debug) process.setSourceMapsEnabled(true);

const bundle = fileURLToPath(new URL('../dist/bundle/huifang.cjs', import.meta.url));
const cacheFile = `${bundle}.cache`;
/** Set by `npm run build` (scripts/bundle.mjs) only: write the bundle's code cache after this run. */
const writeCache = Boolean(process.env.HUIFANG_WRITE_CODE_CACHE);

/**
 * Load the bundle as node loads a CommonJS file, but compiled with V8's code cache when there is one
 * (scripts/bundle.mjs says why): V8 checks that the cache belongs to this source, this V8 and these
 * flags, and otherwise compiles from source. With --debug node's own loader compiles it, so that
 * stack traces go through its source map.
 */
function loadBundle() {
  const require = createRequire(bundle);
  if (debug) return { main: require(bundle).main };
  let cachedData;
  try {
    cachedData = writeCache ? undefined : fs.readFileSync(cacheFile);
  } catch {
    // No cache (a build interrupted before it was made): compiled from source, a little slower.
  }
  const source = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  // Whether V8 took the cache (a slow start-up's first suspect); the start-up test checks it is taken.
  if (process.env.HUIFANG_CODE_CACHE_CHECK) process.stderr.write(`code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, bundle, path.dirname(bundle));
  return { main: module.exports.main, script };
}

const { main, script } = fs.existsSync(bundle) ? loadBundle() : await import('../dist/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2), process.env);

if (writeCache && script) {
  // After the run, so that the functions it called are in the cache too; whole or not at all.
  const temp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, script.createCachedData());
  // Readable by every user of an installation, like the bundle (main() set a private umask for the run).
  fs.chmodSync(temp, 0o644);
  fs.renameSync(temp, cacheFile);
}
