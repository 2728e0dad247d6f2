// Opening a file to import by its content (CSV or workbook), and setting total rows aside (SPEC §4).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource, rejectsFormat, totalRowLabel } from '../../src/io/row-source.js';
import { openWorkbook } from '../../src/io/workbook-source.js';
import { ROOT, tempDir } from '../helpers.js';

const WORKBOOKS = path.join(ROOT, 'fixtures', 'workbooks');

async function readAll(file: string, sheet?: string) {
  const source = await openSource(file, { sheet });
  const rows = [];
  for await (const row of source.rows) rows.push(row);
  return { source, rows };
}

describe('totalRowLabel: the first non-empty cell says 合计, 总计, 小计 or Total', () => {
  it.each([
    [['合计', '', '720.5'], '合计'],
    [['', '', '总计', '9'], '总计'], // after an empty code
    [['小计'], '小计'],
    [['Total', '', '5'], 'Total'],
    [['TOTAL:'], 'TOTAL:'],
    [[' 合 计 ', '1'], '合 计'],
    [['合计：', '1'], '合计：'],
  ])('%j → %s', (cells, label) => expect(totalRowLabel(cells)).toBe(label));

  it.each([[['KH001', '合计有限公司']], [['KH001', '合计']], [['合计金额', '5']], [['', '']], [[]]])(
    '%j is not a total row',
    (cells) => expect(totalRowLabel(cells)).toBeUndefined(),
  );
});

describe('openSource', () => {
  it('a CSV total row is skipped with a note at its line', async () => {
    const file = path.join(tempDir(), 'customers.csv');
    fs.writeFileSync(file, 'code,name,annual_purchase\nK1,甲,100\nK2,乙,200\n合计,,300\n');
    const { source, rows } = await readAll(file);
    expect(source.format).toBe('csv');
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
    expect(source.notes).toEqual([{ file, line: 4, key: 'import.totalRowSkipped', params: { text: '合计' } }]);
  });

  it('a workbook: the first sheet, its title row passed over, Excel row numbers, cells as text', async () => {
    const file = path.join(WORKBOOKS, '客户.xlsx');
    const { source, rows } = await readAll(file);
    expect(source.file).toBe(`${file}[客户]`);
    expect(source.encoding).toBe('xlsx');
    // Row 1 is the merged title; row 2 the header (备注 merged over H2:I2).
    expect(source.header).toEqual({ line: 2, cells: ['客户编号', '客户名称', '年采购额(万元)', '负责人', '合作日期', '联系人', '电话', '备注'] });
    const data = rows.filter((r) => r.cells.some((c) => c.trim()));
    // Rows 3–5 are customers; row 6 (合计) is a note; rows 7–9 are formatted but empty.
    expect(data.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(data[0]?.cells).toEqual(['KH001', '华东机械有限公司', '520', '王芳', '2023-03-15', '张经理', '13812345678', '老客户']);
    expect(data[1]?.cells.slice(0, 5)).toEqual(['KH002', '江南物流有限公司', '120', '李娜', '2024-01-08']);
    expect(source.notes).toEqual([{ file: `${file}[客户]`, line: 6, key: 'import.totalRowSkipped', params: { text: '合计' } }]);
  });

  it('a header of two rows with merged cells: each column named by its lowest name', async () => {
    const file = path.join(WORKBOOKS, '两行表头.xlsx');
    const { source, rows } = await readAll(file);
    // Rows 1–2: 客户编号, 客户名称 and 年采购额 merged down; 联系方式 merged over 联系人 | 电话.
    expect(source.header).toEqual({ line: 1, cells: ['客户编号', '客户名称', '联系人', '电话', '年采购额(万元)'] });
    expect(rows).toEqual([
      { line: 3, cells: ['KH101', '两行表头有限公司', '周先生', '13811112222', '300'] },
      // The number 123 under the format 00000 is the code Excel shows.
      { line: 4, cells: ['00123', '零开头编号有限公司', '吴女士', '13811113333', '50'] },
    ]);
  });

  it('a row below the header that has its code is data, even with cells the header does not name', async () => {
    const file = path.join(WORKBOOKS, '客户.xlsx');
    const { rows } = await readAll(file, '联系人');
    expect(rows[0]).toEqual({ line: 2, cells: ['KH001', '赵工', '设备科长', '13700002222', '否'] });
  });

  it('a named sheet; date-and-time cells keep their time', async () => {
    const file = path.join(WORKBOOKS, '客户.xlsx');
    const { source, rows } = await readAll(file, '回访记录');
    expect(source.file).toBe(`${file}[回访记录]`);
    expect(rows.map((r) => r.cells.slice(0, 2))).toEqual([
      ['KH001', '2026-10-12 14:30'],
      ['KH002', '2026-10-20 09:05'],
      ['KH003', '2026-10-19 14:30'], // =B2+7 under a date format
    ]);
  });

  it('progress through a workbook is reported in bytes of the file, up to its size (the progress bar)', async () => {
    const file = path.join(WORKBOOKS, '客户.xlsx');
    const seen: number[] = [];
    const source = await openSource(file, { onBytes: (n) => seen.push(n) });
    for await (const _ of source.rows);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(fs.statSync(file).size);
  });

  it('an unknown sheet is one sentence listing the sheets', async () => {
    await expect(openSource(path.join(WORKBOOKS, '客户.xlsx'), { sheet: 'Sheet9' })).rejects.toMatchObject({
      exitCode: 3,
      key: 'workbook.unknownSheet',
      params: { sheet: 'Sheet9', sheets: '客户, 联系人, 回访记录' },
    });
  });
});

describe('rejectsFormat: the name says, else the input', () => {
  it.each([
    ['bad.xlsx', 'csv', 'xlsx'],
    ['bad.CSV', 'xlsx', 'csv'],
    ['bad', 'xlsx', 'xlsx'],
    ['bad.txt', 'csv', 'csv'],
  ] as const)('%s from %s → %s', (target, input, format) => expect(rejectsFormat(target, input)).toBe(format));
});

describe('openWorkbook: a sound workbook reads the same every time', () => {
  // exceljs's zip parser (unzipper 0.10) can announce the end of the archive before handing on every
  // entry; about one read in a hundred of this very file then failed as "damaged". Three hundred
  // reads without the retry fail at least once with a probability of about 99%.
  it('300 reads of 客户.xlsx all give its three customers', async () => {
    const file = path.join(WORKBOOKS, '客户.xlsx');
    const codes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const source = await openWorkbook(file);
      const found: string[] = [];
      for await (const row of source.rows) if (/^KH\d+$/.test(row.cells[0] ?? '')) found.push(row.cells[0] ?? '');
      codes.add(found.join(','));
    }
    expect([...codes]).toEqual(['KH001,KH002,KH003']);
  });
});
