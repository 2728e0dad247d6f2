// `huifang backup FILE`: a consistent copy through SQLite's online backup API, safe while others write.
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { buildFile, checkOutputPath } from '../io/output-file.js';
import { openStore, PRIVATE_FILE_MODE } from '../store/db.js';

export async function backupCommand(ctx: Context, file: string): Promise<void> {
  // Never the store or its -wal/-shm (a copy written there would be read back as the store's journal).
  const target = checkOutputPath(file, { store: ctx.dbPath });
  const exists = () => new InputError('backup.exists', { file });
  if (fs.existsSync(target)) throw exists();
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    // The backup API copies page by page and restarts if a writer changes the source meanwhile,
    // so the copy is one consistent state, unlike a file copy of a WAL database. It is made beside
    // the target and moved into place when complete: an interrupted backup leaves no partial copy.
    await buildFile(
      target,
      async (temp) => {
        await db.backup(temp);
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
