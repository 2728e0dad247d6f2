// `npm run build` step 2: bundle src/cli/main.ts with esbuild into dist/bundle (one chunk per command), for a fast start.
import fs from 'node:fs';
import { build } from 'esbuild';

// Old chunks have hashed names: without this, every build would leave the previous ones behind.
fs.rmSync('dist/bundle', { recursive: true, force: true });

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

/**
 * An ES module's `import fs from 'node:fs'` makes node build an ES facade of the built-in, which reads
 * every export, and fs's ReadStream getter loads the whole stream machinery: about 5 ms of every
 * command's start-up (CPU profile of `due --json`). The bundle takes each built-in with require()
 * instead, as a CommonJS module does, and node loads only what is used.
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      // The require() inside the replacement module is the real built-in.
      args.namespace === 'huifang-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'huifang-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'huifang-builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  // Each command's lazy import() becomes its own chunk, so a command loads only its own code.
  // Not minified: measured no faster to start (parsing is lazy), and plainer to read.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3 and pg-native are native addons: they must be loaded from node_modules. exceljs is big and loaded only by the workbook commands.
  external: ['better-sqlite3', 'exceljs', 'pg-native'],
  // The bundled CommonJS packages (commander, cli-progress…) require node's built-ins.
  banner: { js: "import { createRequire as __huifangRequire } from 'node:module'; const require = __huifangRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
  plugins: [lazyChildProcess, builtinsByRequire],
});
