// `huifang backup FILE`: a consistent copy through SQLite's online backup API, safe while others write.
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { openStore, PRIVATE_FILE_MODE } from '../store/db.js';

export async function backupCommand(ctx: Context, file: string): Promise<void> {
  if (fs.existsSync(file)) throw new InputError('backup.exists', { file });
  if (path.resolve(file) === path.resolve(ctx.dbPath)) throw new InputError('backup.sameFile', { file });
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    // The backup API copies page by page and restarts if a writer changes the source meanwhile,
    // so the copy is one consistent state, unlike a file copy of a WAL database.
    await db.backup(file);
  } finally {
    db.close();
  }
  fs.chmodSync(file, PRIVATE_FILE_MODE);
  const size = fs.statSync(file).size;
  ctx.stdout.write(`${ctx.t('backup.done', { file: path.resolve(file), kb: Math.ceil(size / 1024) })}\n`);
}
