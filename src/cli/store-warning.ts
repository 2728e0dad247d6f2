// Says once per command, on stderr, when other users can read the store's files (personal data, SPEC §5).
import { chmodPrivate, filesOpenToOthers } from '../store/db.js';
import { isPostgresUrl } from '../store/pg-driver.js';
import type { Context } from './context.js';

export function warnIfStoreShared(ctx: Context): void {
  // A server store has no files here: the server's logins and roles decide who reads it.
  if (isPostgresUrl(ctx.dbPath)) return;
  const open = filesOpenToOthers(ctx.dbPath);
  if (open.length > 0) ctx.stderr.write(`${ctx.t('store.shared', { files: open.join(', '), fix: chmodPrivate(open) })}\n`);
}
