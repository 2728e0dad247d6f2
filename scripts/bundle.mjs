// `npm run build` step 2: bundle src/cli/main.ts with esbuild into dist/bundle (one chunk per command), for a fast start.
import fs from 'node:fs';
import { build } from 'esbuild';

// Old chunks have hashed names: without this, every build would leave the previous ones behind.
fs.rmSync('dist/bundle', { recursive: true, force: true });

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
});
