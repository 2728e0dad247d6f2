// Starts the month's horizon move in a detached `huifang plan --sync`, so that a clerk's command prints without waiting for it.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackgroundMove } from '../app/plan-sync.js';
import { packageRoot } from '../io/package-root.js';
import type { Context } from './context.js';

/**
 * On the first day of a busy month the move re-plans a quarter of the customers (23,791 of 100k on
 * the bench's data, 2.7 s; 238,018 of a million, 25 s). The stored plan still covers the whole month
 * then, so `due` and `plan` need none of it to print: like `git gc --auto`, they hand it to a process
 * of its own and read the plan as it is. The child moves it in the same chunks of short transactions
 * (a clerk's `log` waits for one chunk at most) and renews a lease in the store, so later commands
 * do not start another while it works. If it cannot start, the command moves the plan itself.
 */
export function backgroundMove(ctx: Context): BackgroundMove {
  return { start: () => startDetachedSync(ctx) };
}

function startDetachedSync(ctx: Context): boolean {
  // Required here, not imported: loading child_process costs every command about 5 ms of start-up.
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  try {
    const child = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'huifang.js'), 'plan', '--sync'], {
      detached: true,
      stdio: 'ignore',
      // The store and the day by environment, not arguments: a server store's address may hold a
      // password, and arguments are visible to every user of the machine.
      env: { ...process.env, HUIFANG_DB: ctx.dbPath, HUIFANG_TODAY: ctx.today, ...(ctx.user ? { HUIFANG_USER: ctx.user } : {}) },
    });
    // It could not be started (its error comes later, as an event): the next command tries again.
    child.on('error', () => undefined);
    child.unref();
    return child.pid !== undefined;
  } catch {
    return false;
  }
}
