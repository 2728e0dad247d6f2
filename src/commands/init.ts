// `huifang init`: create the store with the default policy; never overwrites an existing file.
import path from 'node:path';
import { defaultPolicy } from '../domain/policy.js';
import { createStore, inWriteTransaction, type Db } from '../store/db.js';
import { setMeta } from '../store/meta.js';
import { horizonEnd } from '../store/plan-sync.js';
import { savePolicy } from '../store/policy-store.js';
import type { Context } from '../cli/context.js';

export const APP_VERSION = '0.1.0';

/** Create a store at ctx.dbPath with the default policy; the caller closes it. */
export function initStore(ctx: Context, dbPath = ctx.dbPath): Db {
  const db = createStore(dbPath);
  inWriteTransaction(db, () => {
    setMeta(db, 'created_by', `huifang ${APP_VERSION}`);
    setMeta(db, 'created_on', ctx.today);
    savePolicy(db, defaultPolicy(), ctx.today);
    // An empty store's plan is current: nothing to plan until customers arrive.
    setMeta(db, 'planned_through', horizonEnd(ctx.today));
  });
  return db;
}

export function initCommand(ctx: Context): void {
  initStore(ctx).close();
  ctx.stdout.write(`${ctx.t('init.done', { path: path.resolve(ctx.dbPath) })}\n`);
  ctx.stdout.write(`${ctx.t('init.next')}\n`);
}
