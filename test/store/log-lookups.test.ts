// `log` at a million customers costs what it costs at a hundred (issue 11): every statement it runs is an index lookup.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { logCommand } from '../../src/commands/log.js';
import { tempDir, testContext } from '../helpers.js';

const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
const METHODS = ['run', 'get', 'all', 'iterate'] as const;
const original = Object.fromEntries(METHODS.map((m) => [m, statement[m]])) as Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>;
afterEach(() => {
  for (const m of METHODS) statement[m] = original[m];
});

/** The SQL of every statement run while fn runs. */
function statementsOf(fn: () => void): string[] {
  const seen = new Set<string>();
  for (const m of METHODS) {
    statement[m] = function (this: { source: string }, ...args: unknown[]) {
      seen.add(this.source);
      return original[m].apply(this, args);
    };
  }
  try {
    fn();
  } finally {
    for (const m of METHODS) statement[m] = original[m];
  }
  return [...seen];
}

describe('log reads by index', () => {
  it.each(['reached', 'no_answer', 'amended'])('a call recorded as %s scans no task, visit or customer table', async (outcome) => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'h.db');
    const ctx = testContext({ dbPath, today: '2026-11-23' }).ctx;
    initStore(ctx).close();
    fs.writeFileSync(path.join(dir, 'c.csv'), 'code,name,tier,since,owner\nK1,One Co,C,2026-01-05,王芳\nK2,Two Co,C,2026-01-05,王芳\n');
    await importFile(ctx, 'customers', path.join(dir, 'c.csv'));
    const log = (code: string | undefined, options: Parameters<typeof logCommand>[2]) =>
      logCommand(testContext({ dbPath, today: '2026-11-23' }).ctx, code, { at: '2026-11-23 10:00', yes: true, ...options });
    // An amendment of a reached call to an unreached one reopens the task it did (visit #1).
    if (outcome === 'amended') await log('K1', { outcome: 'reached', score: '4' });
    const sql = statementsOf(() =>
      void (outcome === 'amended'
        ? log(undefined, { amend: '1', outcome: 'no_answer' })
        : log('K1', { outcome, score: outcome === 'reached' ? '4' : undefined })),
    );
    const db = new Database(dbPath, { readonly: true });
    try {
      const scans = sql
        .filter((s) => /^\s*(SELECT|UPDATE|DELETE|WITH)/i.test(s))
        .flatMap((s) => {
          // Parameters do not change the plan: explain with every one of them NULL.
          const stmt = db.prepare(`EXPLAIN QUERY PLAN ${s}`);
          const names = [...new Set([...s.matchAll(/@(\w+)/g)].map((m) => m[1] as string))];
          const plan = (names.length ? stmt.all(Object.fromEntries(names.map((n) => [n, null]))) : stmt.all(...Array((s.match(/\?/g) ?? []).length).fill(null))) as { detail: string }[];
          return plan.filter((p) => /^SCAN (task|visit|customer|event|issue)\b/.test(p.detail)).map((p) => `${p.detail}: ${s.replace(/\s+/g, ' ').slice(0, 80)}`);
        });
      // Before: "SCAN task: SELECT * FROM task WHERE done_visit_id = ? ORDER BY id" on every call, and
      // "SCAN visit" for the links of a reopened task (DELETE FROM visit_task … IN (SELECT id FROM visit …)).
      expect(scans).toEqual([]);
    } finally {
      db.close();
    }
  });
});
