// `huifang init`: create the store with the default policy; never overwrites an existing file.
import path from 'node:path';
import type { Context } from '../cli/context.js';
import { initStore } from '../app/create-store.js';

/** Tests and scripts create stores through the command module, as the CLI does. */
export { initStore };

export function initCommand(ctx: Context): void {
  initStore(ctx).close();
  ctx.stdout.write(`${ctx.t('init.done', { path: path.resolve(ctx.dbPath) })}\n`);
  ctx.stdout.write(`${ctx.t('init.next')}\n`);
}
