// holidays.csv: 日期, 类型 (上班/休息), 名称 — the State Council's schedule, or a company's own days.
import type { CalendarOverrideRow } from '../../store/calendar-store.js';
import type { ColumnSpec } from '../columns.js';
import { parseDate, parseHolidayKind } from '../parse-values.js';
import { ProblemCollector, type ImportKind } from './kind.js';

type F = 'date' | 'kind' | 'name';

const columns: ColumnSpec<F>[] = [
  { field: 'date', names: ['date', '日期'], required: true },
  { field: 'kind', names: ['kind', '类型', '上班/休息'], required: true },
  { field: 'name', names: ['name', '名称', '节日', '假日名称'] },
];

export const holidaysKind: ImportKind<F, CalendarOverrideRow> = {
  name: 'holidays',
  columns,
  keyField: 'date',
  keyOf: (r) => r.date,
  parseRow(row) {
    const p = new ProblemCollector<F>();
    const dateText = p.required('date', row.optional('date'));
    const kindText = p.required('kind', row.optional('kind'));
    const record: CalendarOverrideRow = {
      date: (dateText && p.cell('date', dateText, parseDate)) || '',
      kind: (kindText && p.cell('kind', kindText, parseHolidayKind)) || 'holiday',
      name: row.optional('name') ?? null,
    };
    return p.problems.length ? { problems: p.problems } : { record };
  },
};
