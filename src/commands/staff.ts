// `huifang staff list | set NAME [--role clerk|supervisor] [--capacity N] [--login LOGIN]`: who works, how many calls a day, with which database login.
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { parseWholeNumber } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { renderTable, type Column } from '../render/table.js';
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
    // The login column only where someone has one: a one-clerk file store shows what it always did.
    const logins = rows.some((r) => r.login !== null);
    const columns: Column[] = [{ header: ctx.t('col.staffName') }, { header: ctx.t('col.role') }, { header: ctx.t('col.capacity'), align: 'right' }];
    if (logins) columns.push({ header: ctx.t('col.login') });
    ctx.stdout.write(
      `${renderTable(
        columns,
        rows.map((r) => [
          r.name,
          ctx.t(r.role === 'supervisor' ? 'staff.supervisor' : 'staff.clerk'),
          r.daily_capacity ? String(r.daily_capacity) : '—',
          ...(logins ? [r.login ?? '—'] : []),
        ]),
      )}\n`,
    );
  } finally {
    db.close();
  }
}

/**
 * A supervisor gets low-score callbacks and sees escalations; a capacity cuts the clerk's daily list;
 * a login (team store) is granted the role, so the server shows her only her own customers.
 */
export function staffSet(ctx: Context, name: string, options: { role?: string; capacity?: string; login?: string }): void {
  const check = new OptionChecker();
  if (options.role !== undefined && !['clerk', 'supervisor'].includes(options.role)) {
    check.problems.push({ column: '--role', key: 'option.badValue', params: { option: '--role', value: options.role, allowed: 'clerk, supervisor' } });
  }
  const capacity = options.capacity === 'none' ? null : check.value('--capacity', options.capacity, (t) => parseWholeNumber(t, 1));
  const login = options.login === undefined ? undefined : options.login === 'none' ? null : options.login.trim();
  if (login === '') check.problems.push({ column: '--login', key: 'import.required' });
  check.done();
  if (!name.trim()) throw new InputError('option.invalid', { count: 1 }, [{ column: 'NAME', key: 'import.required' }]);
  const db = openStore(ctx.dbPath);
  try {
    const saved = setStaff(db, name, { role: options.role as StaffRow['role'] | undefined, daily_capacity: capacity, login });
    ctx.stdout.write(`${ctx.t('staff.saved', { name })}\n`);
    const { member } = saved;
    if (saved.enforced && member.login) {
      const key = member.role === 'supervisor' ? 'staff.loginSeesAll' : 'staff.loginSeesOwn';
      ctx.stdout.write(`${ctx.t(key, { login: member.login, name: member.name })}\n`);
    } else if (db.dialect === 'sqlite' && login) {
      // Recorded for a later move onto a server (huifang copy), but a file cannot grade access.
      ctx.stderr.write(`${ctx.t('staff.loginNotEnforced', { login, path: db.name })}\n`);
    }
  } finally {
    db.close();
  }
}
