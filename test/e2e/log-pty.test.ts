// One full reached call typed into the real binary in a pseudo-terminal (util-linux `script`), as a clerk would.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CASES, dumpStore, runCli, tempDir } from '../helpers.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * Run a command under `script` and answer each prompt when it appears (expect-style), so the test
 * does not depend on how fast a loaded machine draws the prompts. Resolves with the screen text.
 */
function answer(command: string, steps: [prompt: string, keys: string][]): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', LANG: 'C' } });
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

describe.skipIf(!hasScript)('log in a terminal', () => {
  it('asks, then records a reached call with the answers given', async () => {
    const db = path.join(tempDir(), 'h.db');
    expect(runCli(['--db', db, '--today', '2026-11-23', 'init']).code).toBe(0);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    const down = '\x1b[B';
    const { code, screen } = await answer(`node ${BIN} --db ${db} --today 2026-11-23 log C003`, [
      ['Channel', '\r'], // phone (default)
      ['Which follow-ups', '\r'], // the due routine call, preselected
      ['Outcome', '\r'], // reached
      ['Respondent', '\r'], // self
      ['Satisfaction', `${down}\r`], // 4
      ['Feedback', 'calibration ok\r'],
      ['raise a problem', '\r'], // no
      ['Needs', '\r'],
      ['Next follow-up', '\r'], // as proposed
      ['Save this call', '\r'],
    ]);
    expect(code).toBe(0);
    expect(screen).toContain('Recorded visit #1: C003');
    const visit = (dumpStore(db).visit as { score: number; feedback: string; source: string }[])[0];
    expect(visit).toMatchObject({ score: 4, feedback: 'calibration ok', source: 'log' });
  });

  it('Ctrl-C in the middle writes nothing and leaves quietly', async () => {
    const db = path.join(tempDir(), 'h.db');
    expect(runCli(['--db', db, '--today', '2026-11-23', 'init']).code).toBe(0);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    const { code, screen } = await answer(`node ${BIN} --db ${db} --today 2026-11-23 log C003`, [
      ['Channel', '\r'],
      ['Which follow-ups', '\r'],
      ['Outcome', '\x03'],
    ]);
    expect(code).toBe(0);
    expect(screen).toContain('Cancelled; nothing was recorded.');
    expect(screen).not.toMatch(/\n\s+at /);
    expect(dumpStore(db).visit).toEqual([]);
  });
});
