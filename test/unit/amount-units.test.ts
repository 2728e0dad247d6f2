// Money units in headers and cells (SPEC §4: ×10,000 for 万元, ×100,000,000 for 亿元), and the tier they lead to (SPEC §3.1).
import { describe, expect, it } from 'vitest';
import { amountUnitFactor, toYuan } from '../../src/domain/amount-units.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { tierForAmount } from '../../src/domain/tier.js';
import { mapHeader, RowReader } from '../../src/io/columns.js';
import { customersKind } from '../../src/io/imports/customers.js';
import { eventsKind } from '../../src/io/imports/events.js';
import { parseAmount } from '../../src/io/parse-values.js';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);

describe('amountUnitFactor: a header unit as written, to yuan', () => {
  it.each([
    ['元', 1],
    ['千元', 1_000],
    ['万元', 10_000],
    ['万', 10_000],
    ['万 元', 10_000],
    ['单位：万元', 10_000],
    ['10k', 10_000],
    ['10K', 10_000],
    ['k', 1_000],
    ['百万元', 1_000_000],
    ['亿元', 100_000_000],
  ])('%s → ×%d', (unit, factor) => expect(amountUnitFactor(unit)).toBe(factor));

  it('a unit not of yuan is not understood', () => {
    expect(amountUnitFactor('美元')).toBeUndefined();
    expect(amountUnitFactor('件')).toBeUndefined();
    expect(amountUnitFactor('')).toBeUndefined();
  });
});

describe('parseAmount in a column whose header gives a unit', () => {
  it('the number is in the header unit: 520 in 万元 is 520 × 10,000 = 5,200,000 yuan', () => {
    expect(value(parseAmount('520', 10_000))).toBe(5_200_000);
    // 80.5 × 10,000 = 805,000; 1.25 亿 = 1.25 × 100,000,000 = 125,000,000.
    expect(value(parseAmount('80.5', 10_000))).toBe(805_000);
    expect(value(parseAmount('1.25', 100_000_000))).toBe(125_000_000);
    // 0.123456 万元 = 1,234.56 元: rounded to the fen.
    expect(value(parseAmount('0.123456', 10_000))).toBe(1_234.56);
  });

  it('a cell that repeats the header unit is read once; a different unit is refused, not guessed', () => {
    expect(value(parseAmount('520万', 10_000))).toBe(5_200_000);
    expect(value(parseAmount('520万元', 10_000))).toBe(5_200_000);
    expect(parseAmount('5200000元', 10_000)).toMatchObject({ ok: false, key: 'value.unitConflict' });
    expect(parseAmount('五百', 10_000)).toMatchObject({ ok: false, key: 'value.badAmount' });
  });

  it('without a header unit, cells keep their own units as before', () => {
    expect(value(parseAmount('350万'))).toBe(3_500_000);
    expect(value(parseAmount('1.2亿'))).toBe(120_000_000);
    expect(value(parseAmount('80000元'))).toBe(80_000);
    expect(value(parseAmount('3百万元'))).toBe(3_000_000);
  });

  it('toYuan rounds to the fen', () => expect(toYuan(0.1 + 0.2, 10_000)).toBe(3_000));
});

describe('the tier a 万元 column leads to (SPEC §3.1: A ≥ 5,000,000; B ≥ 1,000,000; C below)', () => {
  const policy = defaultPolicy();
  const header = (name: string) => mapHeader('f.csv', { line: 1, cells: ['客户编号', '客户名称', name] }, customersKind.columns);
  const read = (name: string, amount: string) => {
    const map = header(name);
    const row = new RowReader(map, { line: 2, cells: ['KH1', '甲', amount] });
    const parsed = customersKind.parseRow(row, { today: '2026-11-23', tiers: ['A', 'B', 'C'] });
    if (parsed.problems) throw new Error(JSON.stringify(parsed.problems));
    return parsed.record.annual_purchase as number;
  };

  it('年采购额(万元) 520 is 5,200,000 yuan: tier A (it was read as 520 yuan, tier C)', () => {
    expect(read('年采购额(万元)', '520')).toBe(5_200_000);
    expect(tierForAmount(read('年采购额(万元)', '520'), policy)).toBe('A');
    expect(tierForAmount(read('年采购额', '520'), policy)).toBe('C');
  });

  it('full-width brackets and the English form: 金额（万元）… and annual_purchase (10k)', () => {
    // 120 × 10,000 = 1,200,000: tier B.
    expect(read('年采购额（万元）', '120')).toBe(1_200_000);
    expect(read('annual_purchase (10k)', '120')).toBe(1_200_000);
    expect(tierForAmount(1_200_000, policy)).toBe('B');
    // 999 千元 = 999,000 yuan: just under B's 1,000,000, tier C.
    expect(read('年采购额(千元)', '999')).toBe(999_000);
    expect(tierForAmount(999_000, policy)).toBe('C');
  });

  it('an event amount under 金额（万元） is converted the same way', () => {
    const map = mapHeader('f.csv', { line: 1, cells: ['客户编号', '类型', '日期', '金额（万元）'] }, eventsKind.columns);
    const parsed = eventsKind.parseRow(new RowReader(map, { line: 2, cells: ['KH1', '订单', '2026-11-02', '12.5'] }), {
      today: '2026-11-23',
      tiers: ['A', 'B', 'C'],
    });
    // 12.5 × 10,000 = 125,000 yuan.
    expect(parsed.problems).toBeUndefined();
    expect((parsed as { record: { amount: number } }).record.amount).toBe(125_000);
  });

  it('an unknown unit is a header problem naming the column; other columns keep their bracketed notes', () => {
    const map = header('年采购额(美元)');
    expect(map.problems).toEqual([
      expect.objectContaining({ line: 1, column: '年采购额(美元)', key: 'import.unknownUnit', params: expect.objectContaining({ unit: '美元' }) }),
    ]);
    const phone = mapHeader('f.csv', { line: 1, cells: ['客户编号', '客户名称', '电话（手机）'] }, customersKind.columns);
    expect(phone.problems).toEqual([]);
    expect(phone.index).toMatchObject({ phone: 2 });
  });
});
