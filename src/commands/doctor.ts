// `huifang doctor`: integrity, file modes, foreign keys, schema version — each check reported, exit 4 when the store is damaged (on a server: reachable, schema, references).
import type { Context } from '../cli/context.js';
import type { IsoDate } from '../domain/dates.js';
import { StoreError } from '../errors.js';
import { toJson } from '../render/json.js';
import { planStatus } from '../app/plan-sync.js';
import { openStore, type Db } from '../store/db.js';
import { runChecks, type CheckResult } from '../store/checks.js';

export function doctorCommand(ctx: Context, options: { json?: boolean }): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  let results: CheckResult[];
  try {
    // The checks for the store's kind (store/checks.ts: a file's pages and modes, or the server's).
    results = runChecks(db);
    if (results.every((r) => r.ok)) results.push(planCheck(db, ctx.today));
  } finally {
    db.close();
  }
  const failed = results.filter((r) => !r.ok);
  if (options.json) {
    ctx.stdout.write(toJson({ ok: failed.length === 0, checks: results }));
  } else {
    for (const r of results) {
      const mark = r.ok ? ctx.color.green('✓') : ctx.color.red('✗');
      ctx.stdout.write(`${mark} ${ctx.t(r.key, r.params)}\n`);
      for (const d of r.details) ctx.stdout.write(`    ${d}\n`);
    }
  }
  // Damage is said in the words every command uses for it, with the way out (restore a backup).
  const damaged = failed.some((r) => r.name === 'integrity' || r.name === 'unreadable');
  if (damaged) throw new StoreError('store.corrupt', { path: db.name });
  if (failed.length) throw new StoreError('doctor.failed', { count: failed.length, path: db.name });
}

/**
 * How far the plan reaches: not a fault when it is behind (on the 1st, until a command moves it), so
 * always passed, but it says whether a process is moving it; a move that keeps failing in the
 * background would otherwise go unseen.
 */
function planCheck(db: Db, today: IsoDate): CheckResult {
  const { plannedThrough, horizonEnd, mover } = planStatus(db, today);
  const through = plannedThrough ?? '—';
  if (plannedThrough === horizonEnd) return { name: 'plan', ok: true, key: 'doctor.planCurrent', params: { through }, details: [] };
  if (mover) return { name: 'plan', ok: true, key: 'doctor.planMoving', params: { through, horizon: horizonEnd, host: mover.host, pid: mover.pid }, details: [] };
  const ahead = plannedThrough !== undefined && plannedThrough > horizonEnd; // made with a later --today
  return { name: 'plan', ok: true, key: ahead ? 'doctor.planAhead' : 'doctor.planBehind', params: { through, horizon: horizonEnd }, details: [] };
}
