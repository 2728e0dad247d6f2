// Shared test helpers: temporary folders, a context with captured output, store dumps, the real binary.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { makeContext, type Context } from '../src/cli/context.js';
import type { Lang } from '../src/i18n/index.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CASES = path.join(ROOT, 'fixtures', 'cases');
export const BIN = path.join(ROOT, 'bin', 'huifang.js');
/**
 * The day the end-to-end stores record the fixture customers (fixtures/cases): the store came into
 * use in mid-2025, so by 2026-11-23 their follow-ups are overdue. Recorded on the test's today, the
 * long-neglected ones would get first contacts after it instead (SPEC §3.0).
 */
export const CUSTOMERS_RECORDED_ON = '2025-06-01';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-test-'));
  made.push(dir);
  return dir;
}

export interface Captured {
  ctx: Context;
  out: () => string;
  err: () => string;
}

/** A command context as the CLI would build it, with stdout/stderr captured. */
export function testContext(options: { dbPath: string; today?: string; lang?: Lang; now?: string }): Captured {
  let out = '';
  let err = '';
  const ctx = makeContext(
    { db: options.dbPath, today: options.today ?? '2026-11-23', color: false },
    {},
    {
      stdout: { write: (s) => void (out += s), isTTY: false },
      stderr: { write: (s) => void (err += s), isTTY: false },
      stdinIsTTY: false,
      clock: new Date(2026, 10, 23, 9, 30),
    },
    options.lang ?? 'en',
  );
  return { ctx, out: () => out, err: () => err };
}

/** Every row of every table, in a stable order: two dumps are equal when the stores hold the same data. */
export function dumpStore(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real compiled binary (built by `npm test` before vitest starts). With `timeout` (ms), a
 * run that does not end in time is killed and reported as code -1, so a hang fails its test.
 */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeout?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Whether util-linux `script` is here to give a command a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * Run a command under `script` and answer each prompt when it appears (expect-style), so the test
 * does not depend on how fast a loaded machine draws the prompts. Resolves with the screen text.
 */
export function answer(command: string, steps: [prompt: string, keys: string][], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', LANG: 'C', ...env } });
    let screen = '';
    let seenUpTo = 0;
    let step = 0;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
      const next = steps[step];
      if (next && screen.indexOf(next[0], seenUpTo) >= 0) {
        seenUpTo = screen.length;
        step++;
        // A moment for the prompt to start listening before the keys arrive.
        setTimeout(() => child.stdin.write(next[1]), 150);
      }
    });
    const killer = setTimeout(() => child.kill(), 40_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, screen });
    });
  });
}
