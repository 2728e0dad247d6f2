// `huifang demo`: build a demo store from fixtures/demo with every date moved so the data ends today.
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { daysBetween } from '../domain/dates.js';
import { StoreError, UsageError } from '../errors.js';
import { customersKind } from '../io/imports/customers.js';
import { eventsKind } from '../io/imports/events.js';
import { contactsKind } from '../io/imports/contacts.js';
import type { ImportKind, ImportKindName } from '../io/imports/kind.js';
import { visitsKind } from '../io/imports/visits.js';
import { buildFile, tempPathNear } from '../io/output-file.js';
import { packageRoot } from '../io/package-root.js';
import { shiftCsvDates, type DateColumnKind } from '../io/shift-dates.js';
import { openStore } from '../store/db.js';
import { displayUrl, isPostgresUrl } from '../store/pg-driver.js';
import { getMeta, setMeta } from '../store/meta.js';
import { importFile } from '../app/import-file.js';
import { createDefaultStore } from '../app/create-store.js';

export const DEMO_DEFAULT_PATH = './huifang-demo.db';

interface DemoFile {
  kind: ImportKindName;
  file: string;
  spec: ImportKind<string, unknown>;
  dates: Record<string, DateColumnKind>;
}

const DEMO_FILES: DemoFile[] = [
  { kind: 'customers', file: 'customers.csv', spec: customersKind as ImportKind<string, unknown>, dates: { since: 'datetime', birthday: 'birthday' } },
  { kind: 'contacts', file: 'contacts.csv', spec: contactsKind as ImportKind<string, unknown>, dates: {} },
  { kind: 'events', file: 'events.csv', spec: eventsKind as ImportKind<string, unknown>, dates: { date: 'datetime' } },
  { kind: 'visits', file: 'visits.csv', spec: visitsKind as ImportKind<string, unknown>, dates: { at: 'datetime' } },
];

/** Only an earlier demo store may be replaced; anything else at that path is refused (never lose real data). */
function checkReplaceable(dbPath: string): void {
  if (!fs.existsSync(dbPath)) return;
  let isDemo = false;
  try {
    const db = openStore(dbPath, { readonly: true });
    isDemo = getMeta(db, 'demo') === '1';
    db.close();
  } catch {
    isDemo = false;
  }
  if (!isDemo) throw new StoreError('demo.notDemo', { path: dbPath });
}

/**
 * Build the demo store whole in a temporary file beside it and move it into place at the end, so a
 * demo killed part-way leaves the previous store (or none), never a half-built one; the shifted
 * files (which hold phone numbers) go to a temporary folder that is removed on every way out.
 * Returns the store's path and the shift applied.
 */
export async function buildDemo(ctx: Context): Promise<{ dbPath: string; anchor: string; shift: number }> {
  const dbPath = ctx.dbExplicit ? ctx.dbPath : DEMO_DEFAULT_PATH;
  // The demo is rebuilt on every run: a server's database is never wiped for it. It moves there by copy.
  if (isPostgresUrl(dbPath)) throw new UsageError('demo.notOnServer', { url: displayUrl(dbPath) });
  checkReplaceable(dbPath);
  const dir = path.join(packageRoot(), 'fixtures', 'demo');
  const anchor = fs.readFileSync(path.join(dir, 'anchor.txt'), 'utf8').trim();
  // Whole weeks keep every call on the weekday it was made.
  const shift = Math.round(daysBetween(anchor, ctx.today) / 7) * 7;

  await buildFile(
    dbPath,
    async (temp) => {
      const demoCtx: Context = { ...ctx, dbPath: temp };
      const db = createDefaultStore(demoCtx, temp, dbPath);
      setMeta(db, 'demo', '1');
      setMeta(db, 'demo_anchor', anchor);
      setMeta(db, 'demo_shift_days', String(shift));
      db.close();
      const scratch = tempPathNear(dbPath);
      try {
        fs.mkdirSync(scratch.path, { mode: 0o700 });
        for (const f of DEMO_FILES) {
          const shifted = path.join(scratch.path, f.file);
          await shiftCsvDates(path.join(dir, f.file), shifted, f.spec, f.dates, shift);
          await importFile(demoCtx, f.kind, shifted);
        }
      } finally {
        scratch.remove();
      }
      // The old store's -wal and -shm belong to it: left beside the new file, SQLite would replay them into it.
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
    },
    { replace: true },
  );
  return { dbPath, anchor, shift };
}

export async function demoCommand(ctx: Context): Promise<void> {
  const { dbPath, anchor } = await buildDemo(ctx);
  ctx.stderr.write(`${ctx.t('demo.built', { path: dbPath, anchor, today: ctx.today })}\n`);
  const { dueCommand } = await import('./due.js');
  await dueCommand({ ...ctx, dbPath }, {});
  ctx.stderr.write(`${ctx.t('demo.hint', { path: dbPath })}\n`);
}
