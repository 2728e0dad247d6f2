// `npm run build` step 2: bundle src/cli/main.ts with esbuild into one CommonJS file, dist/bundle/huifang.cjs, and its V8 code cache.
//
// Why one CommonJS file and a code cache (measured with hyperfine on `due --json`, 100k bench store):
// node 20 has no compile cache for ES modules (module.enableCompileCache is node 22), and start-up
// was mostly node compiling the bundle's ~25 ES chunks and resolving them: 169 ms against the floor's
// 100 ms. A CommonJS script can be compiled from V8's code cache (vm.Script cachedData), which skips
// parsing: 154 ms. Laziness stays: each command's import() becomes a module initialised on first
// use inside the file, so a command still runs only its own code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const OUT = 'dist/bundle/huifang.cjs';

/**
 * commander requires node:child_process at load, only to run executable subcommands, which huifang
 * has none of; loading it (with net, dgram and the stream machinery) cost every command about 5 ms of
 * start-up (CPU profile of `due --json`). In commander, it is replaced by a module that requires
 * node:child_process on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/commander/`) ? { path: 'lazy-child-process', namespace: 'huifang' } : undefined,
    );
    b.onLoad({ filter: /^lazy-child-process$/, namespace: 'huifang' }, () => ({
      contents: "let m; const load = () => (m ??= require('node:child_process')); module.exports = new Proxy({}, { get: (_t, k) => load()[k] });",
      loader: 'js',
    }));
  },
};

fs.rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: OUT,
  bundle: true,
  // Not minified: measured no faster to start (parsing is lazy, and cached), and plainer to read.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: [
    // Native addons: loaded from node_modules.
    'better-sqlite3',
    'pg-native',
    // CommonJS (or dual) packages that only some commands use (workbooks, imports, exports, the
    // policy's schema, progress bars): required from node_modules when first used, so the file a
    // command compiles stays small when the code cache cannot be used (another node, another flag).
    // ES-only packages (chalk, @inquirer/prompts, string-width) are bundled: node 20 cannot require them.
    'exceljs',
    'zod',
    'iconv-lite',
    'csv-parse',
    'csv-stringify',
    'cli-progress',
  ],
  // The modules find their package files and their neighbours from import.meta.url.
  define: { 'import.meta.url': '__huifangModuleUrl' },
  banner: { js: "const __huifangModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  logLevel: 'warning',
  plugins: [lazyChildProcess],
});

// bin/huifang.js compiles the file in a vm.Script, which has no loader for import(): every import of
// a package must have become a require().
const dynamicImport = fs.readFileSync(OUT, 'utf8').match(/\bimport\(\s*["'][^"']+["']\s*\)/);
if (dynamicImport) throw new Error(`${OUT} still has ${dynamicImport[0]}: require the package instead (createRequire)`);

// The code cache: V8's compiled form of the file, made by this node (a cache from another node or
// with other V8 flags is rejected by V8 and the file compiled from source). It is made after a run of
// `huifang demo` into a temporary folder: that run imports files, plans and prints the call list, so
// the functions most commands call are compiled already (due --json 141 → 140 ms, the due table
// 161 → 152 ms, against a cache made after `--help`; hyperfine, 100k bench store).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-code-cache-'));
try {
  const made = spawnSync(process.execPath, ['bin/huifang.js', '--db', path.join(scratch, 'demo.db'), '--lang', 'en', 'demo'], {
    env: { ...process.env, HUIFANG_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  if (made.status !== 0 || !fs.existsSync(`${OUT}.cache`)) {
    throw new Error(`making the code cache of ${OUT} failed (exit ${made.status}):\n${made.stderr}`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
