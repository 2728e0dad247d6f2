// contacts.csv: 客户编号, 姓名, 职务, 电话, 主联系人 — several contacts per customer [000 §3].
import { normalizeCode } from '../../domain/customer-code.js';
import type { ColumnSpec } from '../columns.js';
import { parsePhone, parseYesNo } from '../parse-values.js';
import { ProblemCollector, type ImportKind } from './kind.js';

type F = 'customer' | 'name' | 'role' | 'phone' | 'primary';

export interface ContactRecord {
  customer: string;
  name: string;
  role: string | null | undefined;
  phone: string | null | undefined;
  primary: boolean | null | undefined;
}

const columns: ColumnSpec<F>[] = [
  { field: 'customer', names: ['customer', '客户编号', '客户编码', '客户代码'], required: true },
  { field: 'name', names: ['name', '姓名', '联系人'], required: true },
  { field: 'role', names: ['role', '职务', '职位', '角色'] },
  { field: 'phone', names: ['phone', '电话', '联系电话', '手机', '手机号'] },
  { field: 'primary', names: ['primary', '主联系人', '是否主联系人'] },
];

export const contactsKind: ImportKind<F, ContactRecord> = {
  name: 'contacts',
  columns,
  keyField: 'name',
  keyOf: (r) => `${normalizeCode(r.customer)}\u001f${r.name}`,
  parseRow(row) {
    const p = new ProblemCollector<F>();
    const record: ContactRecord = {
      customer: p.required('customer', row.optional('customer')),
      name: p.required('name', row.optional('name')),
      role: row.optional('role'),
      phone: p.cell('phone', row.optional('phone'), parsePhone),
      primary: p.cell('primary', row.optional('primary'), parseYesNo),
    };
    return p.problems.length ? { problems: p.problems } : { record };
  },
};
