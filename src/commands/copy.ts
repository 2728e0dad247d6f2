// `huifang copy FROM TO`: move a whole store between a SQLite file and a PostgreSQL server, losing nothing; one closing line with the rows of each table.
import type { Context } from '../cli/context.js';
import { copyWholeStore, type CopyOptions, type CopyResult } from '../app/copy-store.js';
import { vocabularyLabel } from '../i18n/index.js';
import type { Progress } from '../ui/progress.js';
import { rowProgress } from '../ui/row-progress.js';

/** Copy a whole store with a progress bar on a terminal (copy, and backup of a server store). */
export async function copyShowingProgress(ctx: Context, from: string, to: string, options: Omit<CopyOptions, 'start'> = {}): Promise<CopyResult> {
  let bar: Progress | undefined;
  try {
    return await copyWholeStore(from, to, {
      ...options,
      start: (total) => {
        const b = rowProgress(ctx.t('copy.progress'), total, ctx.t);
        bar = b;
        return (done) => b.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
}

export async function copyCommand(ctx: Context, from: string, to: string): Promise<void> {
  const started = performance.now();
  const result = await copyShowingProgress(ctx, from, to);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const tables = result.tables.map((t) => `${vocabularyLabel(ctx.t, 'copy.table', t.table)} ${t.rows}`).join(' · ');
  ctx.stdout.write(`${ctx.t('copy.done', { from: result.from, to: result.to, seconds, rows: result.rows, tables })}\n`);
}
