// `huifang backup FILE`: a consistent copy of the store, checked before and after, safe while others write.
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { InputError, StoreError } from '../errors.js';
import { copyStore, ensureIntact, fileIntegrityProblems, openStore, PRIVATE_FILE_MODE } from '../store/db.js';

export function backupCommand(ctx: Context, file: string): void {
  if (fs.existsSync(file)) throw new InputError('backup.exists', { file });
  if (path.resolve(file) === path.resolve(ctx.dbPath)) throw new InputError('backup.sameFile', { file });
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    // A copy of a damaged store would pass for a good backup: refuse to make one.
    ensureIntact(db, 'integrity_check');
    copyStore(db, file);
  } finally {
    db.close();
  }
  if (fileIntegrityProblems(file).length > 0) {
    fs.rmSync(file, { force: true });
    throw new StoreError('backup.copyDamaged', { file });
  }
  fs.chmodSync(file, PRIVATE_FILE_MODE);
  const size = fs.statSync(file).size;
  ctx.stdout.write(`${ctx.t('backup.done', { file: path.resolve(file), kb: Math.ceil(size / 1024) })}\n`);
}
