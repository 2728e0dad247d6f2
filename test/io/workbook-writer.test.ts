// The typed-sheet writer (issue 12 point 4, issue 13 point 2), read back with exceljs, the library that wrote it.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { workbookBytes, writeWorkbook, type Sheet } from '../../src/io/workbook-writer.js';
import { tempDir } from '../helpers.js';

const hidden = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('.'));

async function read(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

const sheet: Sheet = {
  name: '回访清单',
  columns: [
    { header: '编号', type: 'text' },
    { header: '客户名称', type: 'text' },
    { header: '电话', type: 'phone' },
    { header: '应访日期', type: 'date' },
    { header: '覆盖率', type: 'percent' },
    { header: '逾期天数', type: 'integer' },
    { header: '满意度', type: 'number' },
  ],
  rows: [
    ['007', '北京市计量检测研究院', '01012345678', '2026-11-23', 0.8065, 12, 4.67],
    ['=2+2', 'ACME', '+8613912345678', '2026-05-09 10:05', null, 0, null],
    ['C3', '', '138****5678', '', { value: '2026-01-31', type: 'date' }, null, 5],
  ],
};

describe('writeWorkbook', () => {
  it('writes typed cells: real dates, percentages, phones and codes as text, numbers as numbers', async () => {
    const file = path.join(tempDir(), 'list.xlsx');
    await writeWorkbook(file, [sheet]);
    const ws = (await read(file)).getWorksheet('回访清单') as ExcelJS.Worksheet;
    expect(ws.getRow(1).values).toEqual([undefined, '编号', '客户名称', '电话', '应访日期', '覆盖率', '逾期天数', '满意度']);

    const [code, name, phone, due, rate, days, mean] = [1, 2, 3, 4, 5, 6, 7].map((c) => ws.getRow(2).getCell(c));
    // A code with a leading zero and a phone with its area code's 0 stay text, so nothing is lost.
    expect(code?.value).toBe('007');
    expect(name?.value).toBe('北京市计量检测研究院');
    expect(phone?.value).toBe('01012345678');
    expect(phone?.numFmt).toBe('@');
    // A date is an Excel date (a Date read back), shown as 2026-11-23 whatever the locale.
    expect(due?.type).toBe(ExcelJS.ValueType.Date);
    expect(due?.value).toEqual(new Date(Date.UTC(2026, 10, 23)));
    expect(due?.numFmt).toBe('yyyy-mm-dd');
    // A rate is the fraction itself under a percentage format: Excel shows 80.7% and sums 0.8065.
    expect(rate?.value).toBe(0.8065);
    expect(rate?.numFmt).toBe('0.0%');
    expect(days?.value).toBe(12);
    expect(days?.numFmt).toBe('0');
    expect(mean?.value).toBe(4.67);

    const row2 = ws.getRow(3);
    // A would-be formula is a string cell, never a formula.
    expect(row2.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row2.getCell(1).value).toBe('=2+2');
    expect(row2.getCell(3).value).toBe('+8613912345678');
    expect(row2.getCell(4).value).toEqual(new Date(Date.UTC(2026, 4, 9, 10, 5)));
    expect(row2.getCell(4).numFmt).toBe('yyyy-mm-dd hh:mm');
    // Empty values are empty cells, not zeros or empty strings.
    expect(row2.getCell(5).type).toBe(ExcelJS.ValueType.Null);
    expect(row2.getCell(7).type).toBe(ExcelJS.ValueType.Null);

    const row3 = ws.getRow(4);
    expect(row3.getCell(2).type).toBe(ExcelJS.ValueType.Null);
    expect(row3.getCell(3).value).toBe('138****5678');
    // A cell may carry its own type (a summary sheet's column mixes dates and rates).
    expect(row3.getCell(5).value).toEqual(new Date(Date.UTC(2026, 0, 31)));
    expect(row3.getCell(5).numFmt).toBe('yyyy-mm-dd');
  });

  it('freezes the header row, filters it, makes it bold, and fits the widths to CJK text', async () => {
    const file = path.join(tempDir(), 'list.xlsx');
    const long = '希望加快备件供货'.repeat(6); // 48 CJK characters: 96 columns, beyond the cap
    await writeWorkbook(file, [{ ...sheet, rows: [...sheet.rows, ['C4', 'a\n北京', null, null, null, null, long]] }]);
    const ws = (await read(file)).getWorksheet('回访清单') as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:G1');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    // Widths in '0' characters, a CJK character counting two (string-width), plus 2 of margin:
    // 客户名称's widest cell is 北京市计量检测研究院, 10 × 2 = 20 → 22 (the line 'a' and 北京 are narrower);
    // 编号: header 4 + filter button 3 = 7, cells ≤ 4 → 9, raised to the minimum 10;
    // 电话: '+8613912345678' is 14 → 16; 应访日期: a date with a time, 16 → 18;
    // 覆盖率: header 6 + 3 = 9 and 80.7% is 5, but the cell typed as a date is 10 → 12;
    // 逾期天数: header 8 + 3 = 11 → 13; 满意度: 96 → capped at 60, and that cell wraps.
    expect(ws.columns.map((c) => c.width)).toEqual([10, 22, 16, 18, 12, 13, 60]);
    expect(ws.getRow(5).getCell(7).alignment).toMatchObject({ wrapText: true });
    expect(ws.getRow(5).getCell(2).alignment).toMatchObject({ wrapText: true });
    expect(ws.getRow(2).getCell(2).alignment?.wrapText).toBeFalsy();
  });

  it('replaces an old file whole, private to its owner (0600), with no temporary file left', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'list.xlsx');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o644);
    await writeWorkbook(file, [sheet]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await read(file)).worksheets.map((w) => w.name)).toEqual(['回访清单']);
    expect(hidden(dir)).toEqual([]);
  });

  it('a failure while writing (a bad date in the second sheet, after a thousand rows) leaves no file, or the old one as it was', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 1000 }, (_, i) => [`C${i}`, '客户', '13912345678', '2026-11-23', 0.5, i, 1]);
    const bad: Sheet = { ...sheet, rows: [...rows, ['C1000', '客户', null, '2026/11/23', null, null, null]] };
    const fresh = path.join(dir, 'new.xlsx');
    await expect(writeWorkbook(fresh, [sheet, bad])).rejects.toThrow('Not a date');
    expect(fs.existsSync(fresh)).toBe(false);

    const old = path.join(dir, 'old.xlsx');
    fs.writeFileSync(old, 'old');
    await expect(writeWorkbook(old, [sheet, bad])).rejects.toThrow('Not a date');
    expect(fs.readFileSync(old, 'utf8')).toBe('old');
    expect(hidden(dir)).toEqual([]);
  });

  it('as bytes (for the rejects of an import, placed with its rows): the same typed workbook', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await workbookBytes([sheet])) as unknown as Parameters<typeof book.xlsx.load>[0]);
    const ws = book.getWorksheet('回访清单') as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(2).getCell(1).value).toBe('007');
    expect(ws.getRow(2).getCell(4).value).toEqual(new Date(Date.UTC(2026, 10, 23)));
  });

  it('makes a sheet name Excel accepts (≤ 31 characters, none of : \\ / ? * [ ])', async () => {
    const file = path.join(tempDir(), 'x.xlsx');
    await writeWorkbook(file, [{ ...sheet, name: 'a/b:c?[d]*e\\f'.padEnd(40, 'g') }]);
    expect((await read(file)).worksheets[0]?.name).toBe('a b c  d  e f'.padEnd(31, 'g'));
  });
});
