// `huifang init`: create the store with the default policy; never overwrites an existing file.
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { initStore } from '../app/create-store.js';

/** Tests and scripts create stores through the command module, as the CLI does. */
export { initStore };

export function initCommand(ctx: Context): void {
  const db = initStore(ctx);
  const shown = db.dialect === 'sqlite' ? path.resolve(ctx.dbPath) : db.name;
  db.close();
  ctx.stdout.write(`${ctx.t('init.done', { path: shown })}\n`);
  ctx.stdout.write(`${ctx.t('init.next')}\n`);
}
