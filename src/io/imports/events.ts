// events.csv: 客户编号, 类型, 日期, 金额, 单号, 备注 — deliveries, orders, complaints, repairs…
import { normalizeCode } from '../../domain/customer-code.js';
import type { ColumnSpec } from '../columns.js';
import { parseAmount, parseDateTime, parseEventType } from '../parse-values.js';
import { ProblemCollector, type ImportKind } from './kind.js';

type F = 'customer' | 'type' | 'date' | 'amount' | 'ref' | 'note';

export interface EventRecord {
  customer: string;
  type: string;
  date: string;
  time: string | null;
  amount: number | null;
  ref: string | null;
  note: string | null;
}

const columns: ColumnSpec<F>[] = [
  { field: 'customer', names: ['customer', '客户编号', '客户编码', '客户代码'], required: true },
  { field: 'type', names: ['type', '类型', '事件类型'], required: true },
  { field: 'date', names: ['date', '日期', '事件日期', '发生日期'], required: true },
  { field: 'amount', names: ['amount', '金额'], money: true },
  { field: 'ref', names: ['ref', '单号', '单据号', '编号'] },
  { field: 'note', names: ['note', '备注', '说明'] },
];

export const eventsKind: ImportKind<F, EventRecord> = {
  name: 'events',
  columns,
  keyField: 'ref',
  // Rows without a ref are identified by their whole content, so identical rows are duplicates.
  keyOf: (r) => (r.ref ? `ref\u001f${r.type}\u001f${r.ref}` : `row\u001f${Object.values({ ...r, customer: normalizeCode(r.customer) }).join('\u001f')}`),
  parseRow(row) {
    const p = new ProblemCollector<F>();
    const customer = p.required('customer', row.optional('customer'));
    const typeText = p.required('type', row.optional('type'));
    const type = typeText ? p.cell('type', typeText, parseEventType) : null;
    const dateText = p.required('date', row.optional('date'));
    const when = dateText ? p.cell('date', dateText, parseDateTime) : null;
    const record: EventRecord = {
      customer,
      type: type ?? '',
      date: when?.date ?? '',
      time: when?.time ?? null,
      amount: p.cell('amount', row.optional('amount'), (t) => parseAmount(t, row.factor('amount'))) ?? null,
      ref: row.optional('ref') ?? null,
      note: row.optional('note') ?? null,
    };
    return p.problems.length ? { problems: p.problems } : { record };
  },
};
