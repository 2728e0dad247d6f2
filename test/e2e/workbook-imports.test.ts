// Importing a clerk's own workbooks (issue 12): fixtures/workbooks/ through the real binary, values checked in the store; on SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, dumpStore, newStore, queryStore, runCli, storeKinds, tempDir } from '../helpers.js';

const WORKBOOKS = path.join(ROOT, 'fixtures', 'workbooks');
const CLERK = path.join(WORKBOOKS, '客户.xlsx');
const TODAY = '2026-11-23';

let dir: string;
let db: string;
const huifang = (...args: string[]) => runCli(['--db', db, '--today', TODAY, '--lang', 'en', ...args], { timeout: 30_000 });
const huifangZh = (...args: string[]) => runCli(['--db', db, '--today', TODAY, '--lang', 'zh', ...args], { timeout: 30_000 });

const query = (sql: string): unknown[] => queryStore(db, sql);

describe.each(storeKinds)('on %s', (kind) => {
  beforeEach(() => {
    dir = tempDir();
    db = newStore(kind, dir, 'store.db');
    expect(huifang('init').code).toBe(0);
  });

  describe('import customers 客户.xlsx', () => {
    it('the first sheet: Chinese headers, 万元 amounts, date cells, numbers stored as text; the total row is a note', () => {
      const r = huifang('import', 'customers', CLERK);
      expect(r.stderr).toBe(`note: ${CLERK}[客户]:6: a total row ("合计"), not data: skipped\n`);
      expect(r.stdout).toBe(`${CLERK}[客户]: 3 rows, 3 new, 0 updated, 0 unchanged (Excel workbook)\n`);
      expect(r.code).toBe(0);
      // Amounts: 520 万 = 5,200,000 (tier A, ≥ 5,000,000, SPEC §3.1); '120' stored as text = 1,200,000
      // (B); 80.5 万 = 805,000 (C). 合作日期: date cells 2023-03-15 and 2024-01-08, text 2024/7/1.
      expect(query('SELECT code, name, tier, annual_purchase, owner, since FROM customer ORDER BY code')).toEqual([
        { code: 'KH001', name: '华东机械有限公司', tier: 'A', annual_purchase: 5_200_000, owner: '王芳', since: '2023-03-15' },
        { code: 'KH002', name: '江南物流有限公司', tier: 'B', annual_purchase: 1_200_000, owner: '李娜', since: '2024-01-08' },
        { code: 'KH003', name: '西湖茶业', tier: 'C', annual_purchase: 805_000, owner: '王芳', since: '2024-07-01' },
      ]);
      expect(query('SELECT name, phone FROM contact ORDER BY id')).toEqual([
        { name: '张经理', phone: '13812345678' },
        { name: '刘主任', phone: '13900001111' },
        { name: '陈女士', phone: '0571-87654321' },
      ]);
    });

    it('in Chinese: the same place, the note and the summary', () => {
      const r = huifangZh('import', 'customers', CLERK);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(`注意：${CLERK}[客户]:6: 合计行（“合计”），不是数据，已跳过\n`);
      expect(r.stdout).toBe(`${CLERK}[客户]：3 行，新增 3，更新 0，未变 0（Excel 工作簿）\n`);
    });

    it('importing the same workbook twice changes nothing', () => {
      huifang('import', 'customers', CLERK);
      const before = dumpStore(db);
      expect(huifang('import', 'customers', CLERK).stdout).toContain('3 rows, 0 new, 0 updated, 3 unchanged');
      expect(dumpStore(db)).toEqual(before);
    });

    it('--sheet reads another sheet: contacts (a phone typed as a number) and visits (date-and-time cells)', () => {
      huifang('import', 'customers', CLERK);
      const contacts = huifang('import', 'contacts', CLERK, '--sheet', '联系人');
      expect(contacts.stdout).toBe(`${CLERK}[联系人]: 2 rows, 1 new, 1 updated, 0 unchanged (Excel workbook)\n`);
      expect(query("SELECT name, role, phone FROM contact WHERE name = '赵工'")).toEqual([{ name: '赵工', role: '设备科长', phone: '13700002222' }]);
      const visits = huifang('import', 'visits', CLERK, '--sheet', '回访记录');
      expect(visits.code).toBe(0);
      expect(query('SELECT at, staff, outcome, score FROM visit ORDER BY at')).toEqual([
        { at: '2026-10-12 14:30', staff: '王芳', outcome: 'reached', score: 5 },
        { at: '2026-10-19 14:30', staff: '王芳', outcome: 'reached', score: 4 }, // =B2+7
        { at: '2026-10-20 09:05', staff: '李娜', outcome: 'no_answer', score: null },
      ]);
    });

    it('a header of two rows (merged cells) imports as one header; a code typed as a number keeps the zeros it shows', () => {
      const file = path.join(WORKBOOKS, '两行表头.xlsx');
      const r = huifang('import', 'customers', file);
      expect(r.stdout).toBe(`${file}[客户]: 2 rows, 2 new, 0 updated, 0 unchanged (Excel workbook)\n`);
      // 300 万元 = 3,000,000 yuan: tier B (1,000,000–4,999,999, SPEC §3.1); 50 万元 = 500,000: C.
      // The second code is the number 123 shown as 00123 (format 00000).
      expect(query('SELECT c.code, c.tier, c.annual_purchase, k.name, k.phone FROM customer c JOIN contact k ON k.customer_id = c.id ORDER BY c.id')).toEqual([
        { code: 'KH101', tier: 'B', annual_purchase: 3_000_000, name: '周先生', phone: '13811112222' },
        { code: '00123', tier: 'C', annual_purchase: 500_000, name: '吴女士', phone: '13811113333' },
      ]);
    });

    it('--dry-run checks the workbook and writes nothing', () => {
      const before = dumpStore(db);
      const r = huifang('import', 'customers', CLERK, '--dry-run');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('dry run');
      expect(dumpStore(db)).toEqual(before);
    });

    it('an unknown sheet: one sentence listing the sheets, exit 3, in both languages', () => {
      const en = huifang('import', 'customers', CLERK, '--sheet', 'Sheet9');
      expect(en.code).toBe(3);
      expect(en.stderr).toBe(`${CLERK} has no sheet named "Sheet9"; its sheets are: 客户, 联系人, 回访记录.\n`);
      const zh = huifangZh('import', 'customers', CLERK, '--sheet', 'Sheet9');
      expect(zh.code).toBe(3);
      expect(zh.stderr).toBe(`${CLERK} 中没有名为 “Sheet9” 的工作表；有：客户, 联系人, 回访记录。\n`);
    });

    it('--sheet on a CSV file is a usage error (exit 2)', () => {
      const r = huifang('import', 'customers', path.join(ROOT, 'fixtures', 'cases', 'customers-utf8-bom.csv'), '--sheet', '客户');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--sheet is for Excel workbooks (.xlsx)');
    });
  });

  describe('bad rows in a workbook', () => {
    const BAD = path.join(WORKBOOKS, 'bad-rows.xlsx');

    it('are placed by sheet and Excel row, and nothing is written', () => {
      const before = dumpStore(db);
      const r = huifang('import', 'customers', BAD);
      expect(r.code).toBe(3);
      expect(r.stderr.split('\n')).toEqual([
        `${BAD}[客户]: 1 of 11 rows have problems; nothing was imported (add --rejects FILE to import only the good rows):`,
        `${BAD}[客户]:12: 年采购额(万元): "五百" is not an amount; write 5200000, 5,200,000 or 520万`,
        '',
      ]);
      expect(dumpStore(db)).toEqual(before);
    });

    it('--rejects writes them as a workbook (mode 0600) and imports the good rows', async () => {
      const rejects = path.join(dir, 'rejects.xlsx');
      const r = huifang('import', 'customers', BAD, '--rejects', rejects);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('11 rows, 10 new');
      expect(fs.statSync(rejects).mode & 0o777).toBe(0o600);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(rejects);
      const sheet = book.worksheets[0];
      expect(sheet?.name).toBe('客户');
      const rows = sheet?.getSheetValues().slice(1).map((v) => (v as unknown[]).slice(1));
      expect(rows).toEqual([
        ['客户编号', '客户名称', '年采购额(万元)', 'line', 'reason'],
        ['KB011', '客户11', '五百', '12', '年采购额(万元): "五百" is not an amount; write 5200000, 5,200,000 or 520万'],
      ]);
      // The ten good rows: 10 × i 万元 for i = 1…10, so KB010 has 100 万 = 1,000,000 (tier B).
      expect(query("SELECT annual_purchase, tier FROM customer WHERE code = 'KB010'")).toEqual([{ annual_purchase: 1_000_000, tier: 'B' }]);
    });

    it('an unknown unit in the header names the column; nothing is written', () => {
      const file = path.join(WORKBOOKS, 'unknown-unit.xlsx');
      const r = huifangZh('import', 'customers', file);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${file}[Sheet1]:1: 年采购额(美元): 不认识表头里的单位 “美元”；可用的单位：元, 千元, 万元, 百万元, 亿元, 10k\n`);
      expect(query('SELECT count(*) AS n FROM customer')).toEqual([{ n: 0 }]);
    });
  });

  describe('units and total rows in CSV too', () => {
    it('金额（万元） and a 总计 row after an empty code', () => {
      const file = path.join(dir, 'customers.csv');
      fs.writeFileSync(file, '客户编号,客户名称,年采购额（万元）\nKC1,甲公司,520\nKC2,乙公司,"1,200"\n,总计,1720\n');
      const r = huifang('import', 'customers', file);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(`note: ${file}:4: a total row ("总计"), not data: skipped\n`);
      // 520 × 10,000 = 5,200,000 (A); 1,200 × 10,000 = 12,000,000 (A).
      expect(query('SELECT code, annual_purchase, tier FROM customer ORDER BY code')).toEqual([
        { code: 'KC1', annual_purchase: 5_200_000, tier: 'A' },
        { code: 'KC2', annual_purchase: 12_000_000, tier: 'A' },
      ]);
    });
  });

  describe('files that are not a workbook nor CSV: one sentence on how to save them, exit 3', () => {
    it.each([
      ['not-a-workbook.xlsx', 'is a zip archive but not an Excel workbook (.xlsx)', '是压缩包，但不是 Excel 工作簿（.xlsx）'],
      ['old-format.xls', 'is an old Excel workbook (.xls) or an encrypted one', '是旧版 Excel 工作簿（.xls）或加密的工作簿'],
      ['scan.pdf', 'is a PDF, not a spreadsheet', '是 PDF，不是表格文件'],
      ['photo.png', 'is a picture, not a spreadsheet', '是图片，不是表格文件'],
    ])('%s', (name, en, zh) => {
      const file = path.join(WORKBOOKS, name);
      const before = dumpStore(db);
      for (const [run, said, save] of [
        [huifang, en, 'save it as .xlsx or CSV (UTF-8)'],
        [huifangZh, zh, '另存为 .xlsx 或 CSV (UTF-8)'],
      ] as const) {
        const r = run('import', 'customers', file);
        expect(r.code).toBe(3);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        expect(lines[0]).toContain(save);
      }
      expect(dumpStore(db)).toEqual(before);
    });
  });
});
