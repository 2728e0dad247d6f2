// `huifang backup FILE`: a consistent copy of the store, checked before and after, safe while others write.
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { InputError, StoreError } from '../errors.js';
import { buildFile, checkOutputPath } from '../io/output-file.js';
import { copyStore, ensureIntact, fileIntegrityProblems, openStore, PRIVATE_FILE_MODE } from '../store/db.js';

export async function backupCommand(ctx: Context, file: string): Promise<void> {
  // Never the store or its -wal/-shm (a copy written there would be read back as the store's journal).
  const target = checkOutputPath(file, { store: ctx.dbPath });
  const exists = () => new InputError('backup.exists', { file });
  if (fs.existsSync(target)) throw exists();
  const db = openStore(ctx.dbPath, { readonly: true });
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
  const size = fs.statSync(target).size;
  ctx.stdout.write(`${ctx.t('backup.done', { file: path.resolve(file), kb: Math.ceil(size / 1024) })}\n`);
}
