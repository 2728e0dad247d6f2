// `huifang plan [--month YYYY-MM]`: the month's planned tasks (回访计划), as a table, JSON or CSV.
import { backgroundMove } from '../cli/background-move.js';
import type { Context } from '../cli/context.js';
import { daysInMonth } from '../domain/dates.js';
import { purposeText } from '../domain/policy.js';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { toCsv } from '../io/csv-writer.js';
import { toJson } from '../render/json.js';
import { planRows, planSheet } from '../render/plan-export.js';
import { renderTable } from '../render/table.js';
import { monthPlan } from '../app/plan.js';
import { planContext, syncPlan } from '../app/plan-sync.js';
import { openStore } from '../store/db.js';
import { loadPolicy } from '../store/policy-store.js';
import { writeXlsx, xlsxTarget } from './xlsx-option.js';

export function planCommand(
  ctx: Context,
  options: { month?: string; staff?: string; json?: boolean; csv?: boolean; xlsx?: boolean; out?: string; sync?: boolean },
): void | Promise<void> {
  if (options.sync) return syncCommand(ctx, options);
  if (options.json && options.csv) throw new InputError('option.jsonOrCsv');
  const out = xlsxTarget(ctx, options, { outIsForXlsx: true });
  const month = options.month ?? ctx.today.slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new InputError('option.badMonth', { value: month });
  const from = `${month}-01`;
  const to = `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5)))).padStart(2, '0')}`;
  const db = openStore(ctx.dbPath);
  try {
    const policy = loadPolicy(db);
    const rows = monthPlan(db, ctx.today, policy, from, to, options.staff ?? null, backgroundMove(ctx));
    const shaped = rows.map((r) => ({ ...r, purpose: purposeText(policy, r.rule, ctx.lang, r.purpose) }));
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
    if (options.json) {
      ctx.stdout.write(toJson({ month, from, to, counts, tasks: shaped }));
      return;
    }
    const { t } = ctx;
    const status = (s: string) => t(`taskStatus.${s}` as MessageKey);
    if (out) return writeXlsx(ctx, out, [planSheet(t, shaped)]);
    if (options.csv) {
      ctx.stdout.write(toCsv(planRows(t, shaped)));
      return;
    }
    ctx.stdout.write(`${ctx.color.bold(t('plan.title', { month, count: rows.length }))}\n`);
    if (rows.length) {
      ctx.stdout.write(
        `${renderTable(
          [{ header: '#' }, { header: t('col.customer') }, { header: t('col.purpose') }, { header: t('col.due') }, { header: t('col.deadline') }, { header: t('col.owner') }, { header: t('col.status') }],
          shaped.map((r) => [
            String(r.id),
            `${r.code} ${r.name}`,
            r.purpose.split(/[：:]/)[0] ?? r.purpose,
            r.rescheduled_to ? `${r.due_on} → ${r.rescheduled_to}` : r.due_on,
            r.deadline,
            r.assigned_to ?? '',
            r.status === 'done' ? ctx.color.green(`${status(r.status)} ${r.closed_on ?? ''}`) : r.status === 'open' && r.due_on < ctx.today ? ctx.color.red(status(r.status)) : status(r.status),
          ]),
        )}\n`,
      );
    }
    ctx.stdout.write(`${Object.entries(counts).map(([s, n]) => `${status(s)} ${n}`).join(' · ')}\n`);
  } finally {
    db.close();
  }
}

/**
 * `huifang plan --sync`: bring the stored plan up to date through the horizon now, waiting for any
 * other process moving it. What `due` starts in the background on the first day of a busy month; a
 * supervisor may also run it at night (cron), so that nobody's first command of the month starts it.
 */
function syncCommand(ctx: Context, options: { month?: string; staff?: string; csv?: boolean; xlsx?: boolean; out?: string; json?: boolean }): void {
  const other = (['month', 'staff', 'csv', 'xlsx', 'out'] as const).find((k) => options[k] !== undefined && options[k] !== false);
  if (other) throw new InputError('plan.syncAlone', { option: `--${other}` });
  const db = openStore(ctx.dbPath);
  try {
    const planCtx = planContext(db, ctx.today);
    const { counts, plannedThrough } = syncPlan(db, planCtx);
    if (options.json) {
      ctx.stdout.write(toJson({ horizon_end: planCtx.horizonEnd, planned_through: plannedThrough ?? null, ...counts }));
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(
      `${
        plannedThrough === planCtx.horizonEnd
          ? t('plan.synced', { through: plannedThrough, customers: counts.customers })
          : t('plan.syncLeft', { through: plannedThrough ?? '—', horizon: planCtx.horizonEnd })
      }\n`,
    );
  } finally {
    db.close();
  }
}
