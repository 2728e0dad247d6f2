// Creating a store: the schema, the default policy and an empty plan that is current, whole or not at all.
import fs from 'node:fs';
import type { Context } from '../cli/context.js';
import { defaultPolicy } from '../domain/policy.js';
import { StoreError } from '../errors.js';
import { buildFile } from '../io/output-file.js';
import { createStore, openStore, type Db } from '../store/db.js';
import { isPostgresUrl } from '../store/pg-driver.js';
import { setMeta } from '../store/meta.js';
import { horizonEnd } from './plan-sync.js';
import { savePolicy } from '../store/policy-store.js';

export const APP_VERSION = '0.1.0';

/** A new store at `file` (a temporary path) with the schema and the default policy; the caller closes it. */
export function createDefaultStore(ctx: Pick<Context, 'today'>, file: string, shownPath: string): Db {
  // Seeded in the schema's own transaction on a server (there is no temporary file to throw away).
  return createStore(file, shownPath, (db) => {
    setMeta(db, 'created_by', `huifang ${APP_VERSION}`);
    setMeta(db, 'created_on', ctx.today);
    savePolicy(db, defaultPolicy(), ctx.today);
    // An empty store's plan is current: nothing to plan until customers arrive.
    setMeta(db, 'planned_through', horizonEnd(ctx.today));
  });
}

/**
 * Create a store at dbPath with the default policy, whole or not at all: a full disk must not leave
 * an empty file that the next `init` refuses. Returns it open; the caller closes it.
 */
export function initStore(ctx: Pick<Context, 'today' | 'dbPath'>, dbPath = ctx.dbPath): Db {
  // On a server there is no file to build aside: the schema is created in the empty database.
  if (isPostgresUrl(dbPath)) return createDefaultStore(ctx, dbPath, dbPath);
  const exists = () => new StoreError('store.exists', { path: dbPath });
  if (fs.existsSync(dbPath)) throw exists();
  buildFile(dbPath, (temp) => createDefaultStore(ctx, temp, dbPath).close(), { replace: false, exists });
  return openStore(dbPath);
}
