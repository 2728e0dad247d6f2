#!/usr/bin/env node
// Runs every command of the README's ```sh blocks (both languages) exactly as typed, in order, in a scratch copy of the project: a README command that fails fails CI.
//
// Usage: node scripts/readme-commands.mjs [README.md]   (after `npm install`, which builds dist/)
//
// - The two set-up commands (`npm install …`, `npm test`) are left to .ci/run, which runs them itself.
// - The scratch folder is a copy of what a fresh clone holds after `npm install` (package.json, bin/,
//   dist/, fixtures/, node_modules linked), so `node bin/huifang.js` and `npm run demo` run there as in
//   a clone, and nothing is written into the working copy.
// - The file names the README uses for the clerk's own files (客户.csv, 客户.xlsx, contacts.csv…) are
//   fixtures (the demo's files, the workbook fixture) copied under those names.
// - A line whose comment says it asks questions on a terminal is run without one: it must then ask
//   nothing, name what is missing and exit 3 (INTERFACE: no terminal, no prompts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.resolve(process.argv[2] ?? path.join(root, 'README.md'));

/** The clerk's files the README names, and the fixtures (under fixtures/) that stand for them. */
const EXAMPLE_FILES = {
  '客户.csv': 'demo/customers.csv',
  '联系人.csv': 'demo/contacts.csv',
  '发货记录.csv': 'demo/events.csv',
  '回访记录.csv': 'demo/visits.csv',
  'contacts.csv': 'demo/contacts.csv',
  '客户.xlsx': 'workbooks/客户.xlsx',
};
const SET_UP = /^npm (install|ci|test)\b/;
const ON_A_TERMINAL = /#.*(on a terminal|在终端里)/;

/** The commands of every ```sh block: continuation lines joined, blank and comment-only lines left out. */
export function readmeCommands(text) {
  const commands = [];
  const blocks = text.matchAll(/^```sh\n([\s\S]*?)^```$/gm);
  for (const [, body] of blocks) {
    let pending = '';
    for (const raw of body.split('\n')) {
      const line = pending ? `${pending}\n${raw}` : raw;
      if (/\\\s*$/.test(raw.replace(/\s+#.*$/, ''))) {
        pending = line;
        continue;
      }
      pending = '';
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      commands.push(line);
    }
  }
  return commands;
}

function scratchProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-readme-'));
  for (const item of ['package.json', 'package-lock.json', 'bin', 'dist', 'fixtures']) {
    fs.cpSync(path.join(root, item), path.join(dir, item), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [name, fixture] of Object.entries(EXAMPLE_FILES)) fs.copyFileSync(path.join(root, 'fixtures', fixture), path.join(dir, name));
  return dir;
}

function main() {
  const commands = readmeCommands(fs.readFileSync(readme, 'utf8')).filter((c) => !SET_UP.test(c.trim()));
  if (commands.length === 0) {
    console.error(`${readme}: no commands found in \`\`\`sh blocks`);
    return 1;
  }
  const dir = scratchProject();
  let failed = 0;
  try {
    for (const command of commands) {
      const expected = ON_A_TERMINAL.test(command) ? 3 : 0;
      const r = spawnSync('bash', ['-c', command], {
        cwd: dir,
        input: '',
        encoding: 'utf8',
        timeout: 120_000,
        // What a clerk's shell would have; no HUIFANG_* from the CI's environment.
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG ?? 'C.UTF-8', TERM: 'dumb' },
      });
      const code = r.status ?? -1;
      const ok = code === expected;
      const shown = command.replace(/\s+#.*$/gm, '').replace(/\s*\\\n\s*/g, ' ');
      console.log(`${ok ? 'ok  ' : 'FAIL'} exit ${code}${expected ? ` (expected ${expected})` : ''}  ${shown}`);
      if (!ok) {
        failed++;
        console.log(`${r.stdout}${r.stderr}`.trimEnd().replace(/^/gm, '      '));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`README commands: ${commands.length - failed} ran as typed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
