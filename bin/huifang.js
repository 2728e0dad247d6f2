#!/usr/bin/env node
// The installed `huifang` command: runs the bundle (dist/bundle, built by `npm run build`) when present, else the plain compiled CLI.
import fs from 'node:fs';

// Stack traces are printed only with --debug (main.ts decides); then map the bundle's lines back to src/*.ts.
// Off otherwise: reading the maps costs start-up time. It must be on before the bundle loads.
if (process.argv.includes('--debug') || process.env.HUIFANG_DEBUG) process.setSourceMapsEnabled(true);

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const { main } = fs.existsSync(bundle) ? await import(bundle.href) : await import('../dist/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2), process.env);
