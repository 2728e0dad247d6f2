// customers.csv: 客户编号, 客户名称, 等级, 年采购额 … (INTERFACE.md "CSV columns").
import { normalizeCode } from '../../domain/customer-code.js';
import type { CustomerInput } from '../../store/customers.js';
import type { ColumnSpec } from '../columns.js';
import {
  parseAmount,
  parseBirthday,
  parseCustomerStatus,
  parseDate,
  parsePhone,
  parseTags,
  parseTier,
} from '../parse-values.js';
import { ProblemCollector, type ImportKind } from './kind.js';

type F =
  | 'code' | 'name' | 'tier' | 'annual_purchase' | 'industry' | 'owner' | 'since' | 'birthday'
  | 'tags' | 'status' | 'contact' | 'phone' | 'notes';

const columns: ColumnSpec<F>[] = [
  { field: 'code', names: ['code', '客户编号', '客户编码', '客户代码', '编号'], required: true },
  { field: 'name', names: ['name', '客户名称', '客户名', '单位名称', '公司名称', '名称'], required: true },
  { field: 'tier', names: ['tier', '等级', '客户等级', '级别', '分级'] },
  { field: 'annual_purchase', names: ['annual_purchase', '年采购额', '年采购金额', '年度采购额'], money: true },
  { field: 'industry', names: ['industry', '行业', '所属行业'] },
  { field: 'owner', names: ['owner', '负责人', '客户经理', '业务员', '专员'] },
  { field: 'since', names: ['since', '合作日期', '合作开始日期', '建档日期', '开户日期'] },
  { field: 'birthday', names: ['birthday', '生日'] },
  { field: 'tags', names: ['tags', '标签'] },
  { field: 'status', names: ['status', '状态', '客户状态'] },
  { field: 'contact', names: ['contact', '联系人'] },
  { field: 'phone', names: ['phone', '电话', '联系电话', '手机', '手机号'] },
  { field: 'notes', names: ['notes', '备注'] },
];

export const customersKind: ImportKind<F, CustomerInput> = {
  name: 'customers',
  columns,
  keyField: 'code',
  keyOf: (r) => normalizeCode(r.code),
  parseRow(row, ctx) {
    const p = new ProblemCollector<F>();
    const code = p.required('code', row.optional('code'));
    const name = p.required('name', row.optional('name'));
    const since = p.cell('since', row.optional('since'), parseDate);
    if (since && since > ctx.today) p.add({ field: 'since', key: 'value.future', params: { value: since } });
    const phone = p.cell('phone', row.optional('phone'), parsePhone);
    const contactName = row.optional('contact');
    const record: CustomerInput = {
      code,
      name,
      tier: p.cell('tier', row.optional('tier'), (t) => parseTier(t, ctx.tiers)),
      annual_purchase: p.cell('annual_purchase', row.optional('annual_purchase'), (t) => parseAmount(t, row.factor('annual_purchase'))),
      industry: row.optional('industry'),
      owner: row.optional('owner'),
      since,
      birthday: p.cell('birthday', row.optional('birthday'), parseBirthday),
      tags: row.has('tags') ? parseTags(row.get('tags')) : undefined,
      status: p.cell('status', row.optional('status'), parseCustomerStatus),
      notes: row.optional('notes'),
      contact:
        contactName !== undefined || phone !== undefined
          ? { name: contactName ?? null, phone: phone ?? null }
          : undefined,
    };
    return p.problems.length ? { problems: p.problems } : { record };
  },
};
