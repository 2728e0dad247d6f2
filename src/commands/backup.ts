// `huifang backup FILE`: a consistent copy of the store in a new SQLite file, safe while others write (a server store too).
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { InputError, StoreError } from '../errors.js';
import { copyShowingProgress } from './copy.js';
import { buildFile, checkOutputPath } from '../io/output-file.js';
import { copyStore, ensureIntact, fileIntegrityProblems, openStore, PRIVATE_FILE_MODE } from '../store/db.js';
import { isPostgresUrl } from '../store/pg-driver.js';

export async function backupCommand(ctx: Context, file: string): Promise<void> {
  // Never the store or its -wal/-shm (a copy written there would be read back as the store's journal).
  const target = checkOutputPath(file, { store: ctx.dbPath });
  const exists = () => new InputError('backup.exists', { file });
  if (fs.existsSync(target)) throw exists();
  if (isPostgresUrl(ctx.dbPath)) {
    // A server store is backed up as a SQLite file: every row in one snapshot, which `huifang copy
    // FILE postgres://…` puts back into an empty database (or any command opens as a file store).
    await copyShowingProgress(ctx, ctx.dbPath, file, { exists });
  } else {
    await backupFile(ctx.dbPath, target, file, exists);
  }
  const size = fs.statSync(target).size;
  ctx.stdout.write(`${ctx.t('backup.done', { file: path.resolve(file), kb: Math.ceil(size / 1024) })}\n`);
}

/** A file store: SQLite's own consistent copy (VACUUM INTO), checked before and after. */
async function backupFile(store: string, target: string, file: string, exists: () => Error): Promise<void> {
  const db = openStore(store, { readonly: true });
  try {
    // A copy of a damaged store would pass for a good backup: refuse to make one.
    ensureIntact(db, 'integrity_check');
    // The copy is made beside the target, checked, and moved into place only when whole and sound:
    // an interrupted or damaged backup leaves nothing behind.
    await buildFile(
      target,
      (temp) => {
        copyStore(db, temp);
        if (fileIntegrityProblems(temp).length > 0) throw new StoreError('backup.copyDamaged', { file });
        fs.chmodSync(temp, PRIVATE_FILE_MODE);
      },
      { replace: false, exists },
    );
  } finally {
    db.close();
  }
}
