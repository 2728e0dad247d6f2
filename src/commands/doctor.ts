// `huifang doctor`: integrity, file modes, foreign keys, schema version — each check reported, exit 4 when the store is damaged (on a server: reachable, schema, references).
import type { Context } from '../cli/context.js';
import { StoreError } from '../errors.js';
import { toJson } from '../render/json.js';
import { openStore } from '../store/db.js';
import { runChecks, type CheckResult } from '../store/checks.js';

export function doctorCommand(ctx: Context, options: { json?: boolean }): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  let results: CheckResult[];
  try {
    // The checks for the store's kind (store/checks.ts: a file's pages and modes, or the server's).
    results = runChecks(db);
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
