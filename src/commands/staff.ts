// `huifang staff list | set NAME [--role clerk|supervisor] [--capacity N]`: who works, and how many calls a day.
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { parseWholeNumber } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { setStaff } from '../app/staff.js';
import { openStore } from '../store/db.js';
import type { StaffRow } from '../store/rows.js';
import { StaffRepo } from '../store/staff.js';
import { OptionChecker } from './option-values.js';

export function staffList(ctx: Context, options: { json?: boolean }): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const rows = new StaffRepo(db).list();
    if (options.json) {
      ctx.stdout.write(toJson(rows.map(({ id: _id, ...r }) => r)));
      return;
    }
    ctx.stdout.write(
      `${renderTable(
        [{ header: ctx.t('col.staffName') }, { header: ctx.t('col.role') }, { header: ctx.t('col.capacity'), align: 'right' }],
        rows.map((r) => [r.name, ctx.t(r.role === 'supervisor' ? 'staff.supervisor' : 'staff.clerk'), r.daily_capacity ? String(r.daily_capacity) : '—']),
      )}\n`,
    );
  } finally {
    db.close();
  }
}

/** A supervisor gets low-score callbacks and sees escalations; a capacity cuts the clerk's daily list. */
export function staffSet(ctx: Context, name: string, options: { role?: string; capacity?: string }): void {
  const check = new OptionChecker();
  if (options.role !== undefined && !['clerk', 'supervisor'].includes(options.role)) {
    check.problems.push({ column: '--role', key: 'option.badValue', params: { option: '--role', value: options.role, allowed: 'clerk, supervisor' } });
  }
  const capacity = options.capacity === 'none' ? null : check.value('--capacity', options.capacity, (t) => parseWholeNumber(t, 1));
  check.done();
  if (!name.trim()) throw new InputError('option.invalid', { count: 1 }, [{ column: 'NAME', key: 'import.required' }]);
  const db = openStore(ctx.dbPath);
  try {
    setStaff(db, name, { role: options.role as StaffRow['role'] | undefined, daily_capacity: capacity });
    ctx.stdout.write(`${ctx.t('staff.saved', { name })}\n`);
  } finally {
    db.close();
  }
}
