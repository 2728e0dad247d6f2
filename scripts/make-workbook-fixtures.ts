// Generates fixtures/workbooks/: the workbooks a clerk keeps in Excel or WPS, and files mistaken for one (issue 12).
//
// Run with `npm run fixtures:workbooks`. Written by a script, never edited by hand: an .xlsx is a
// zip of XML, and what each cell holds (a date cell, a number stored as text, a formula's cached
// result, a merged title) is only visible in its bytes. The output is byte-identical on every run:
// the workbook's dates are fixed, and the zip library's time stamps are made fixed too (below).
// test/e2e/workbook-imports.test.ts says what importing each must give; row numbers are Excel's.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import type ExcelJSTypes from 'exceljs';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'workbooks');
const FIXED = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));

/** An Excel date cell's value: exceljs writes a Date as a serial number with a date format. */
const day = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));
/**
 * Chinese Excel and WPS write a 2026年3月10日 date as the built-in format id 31, whose text the file
 * does not carry. exceljs knows id 31 only per locale; giving it its zh-CN text makes exceljs write
 * id 31 too, so the fixture holds what a clerk's file holds (and the reader must know id 31).
 */
const DATE_FORMAT = 'yyyy"年"m"月"d"日"';
const builtInFormats = createRequire(import.meta.url)('exceljs/lib/xlsx/defaultnumformats.js') as Record<number, { f?: string }>;
builtInFormats[31] = { ...builtInFormats[31], f: DATE_FORMAT };
// Loaded after the change: exceljs indexes the built-in formats when it loads.
const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSTypes }).default;
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

function newBook(): ExcelJSTypes.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'huifang fixtures';
  book.lastModifiedBy = 'huifang fixtures';
  book.created = FIXED;
  book.modified = FIXED;
  return book;
}

/**
 * 客户.xlsx, sheet 客户 (customers), rows as Excel numbers them:
 *   1  title 2026 年客户名单, merged over A1:I1
 *   2  header; 备注 merged over H2:I2
 *   3  KH001 年采购额 520 (a number, 万元) → 5,200,000 元; 合作日期 a date cell; phone stored as text
 *   4  KH002 年采购额 '120' stored as text → 1,200,000 元
 *   5  KH003 年采购额 80.5 → 805,000 元; 合作日期 typed as text 2024/7/1
 *   6  合计 with =SUM(C3:C5), cached 720.5
 *   7–9 formatted but empty (trailing empty rows)
 * (A header of two rows is in 两行表头.xlsx.)
 * Sheet 联系人 (contacts), header on row 1; sheet 回访记录 (visits) with date-and-time cells, one
 * of them computed by a formula.
 */
function clerkWorkbook(): ExcelJSTypes.Workbook {
  const book = newBook();
  const customers = book.addWorksheet('客户');
  customers.mergeCells('A1:I1');
  customers.getCell('A1').value = '2026 年客户名单';
  customers.getRow(2).values = ['客户编号', '客户名称', '年采购额(万元)', '负责人', '合作日期', '联系人', '电话', '备注'];
  customers.mergeCells('H2:I2');
  customers.getRow(3).values = ['KH001', '华东机械有限公司', 520, '王芳', day(2023, 3, 15), '张经理', '13812345678', '老客户'];
  customers.getRow(4).values = ['KH002', '江南物流有限公司', '120', '李娜', day(2024, 1, 8), '刘主任', '13900001111'];
  customers.getRow(5).values = ['KH003', '西湖茶业', 80.5, '王芳', '2024/7/1', '陈女士', '0571-87654321'];
  customers.getRow(6).values = ['合计', null, { formula: 'SUM(C3:C5)', result: 720.5 }];
  for (const r of [3, 4]) customers.getCell(`E${r}`).numFmt = DATE_FORMAT;
  for (const r of [7, 8, 9]) customers.getCell(`A${r}`).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };

  const contacts = book.addWorksheet('联系人');
  contacts.addRow(['客户编号', '姓名', '职务', '电话', '主联系人']);
  contacts.addRow(['KH001', '赵工', '设备科长', 13700002222, '否']);
  contacts.addRow(['KH002', '刘主任', '采购主任', '13900001111', '是']);

  const visits = book.addWorksheet('回访记录');
  visits.addRow(['客户编号', '回访时间', '回访人', '方式', '结果', '满意度']);
  visits.addRow(['KH001', day(2026, 10, 12, 14, 30), '王芳', '电话', '接通', 5]);
  visits.addRow(['KH002', day(2026, 10, 20, 9, 5), '李娜', '电话', '未接', null]);
  // A date computed by a formula: a week after row 2's, 2026-10-19 14:30 (serial 46314.6041…).
  const weekLater = (day(2026, 10, 19, 14, 30).getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
  visits.addRow(['KH003', { formula: 'B2+7', result: weekLater }, '王芳', '电话', '接通', 4]);
  for (const cell of ['B2', 'B3', 'B4']) visits.getCell(cell).numFmt = DATE_TIME_FORMAT;
  return book;
}

/**
 * 两行表头.xlsx: a header of two rows. 客户编号, 客户名称 and 年采购额(万元) are merged down over rows
 * 1–2; 联系方式 is merged over C1:D1 with 联系人 and 电话 below it. Rows 3–4 are customers.
 */
function twoRowHeaderWorkbook(): ExcelJSTypes.Workbook {
  const book = newBook();
  const ws = book.addWorksheet('客户');
  ws.getRow(1).values = ['客户编号', '客户名称', '联系方式', null, '年采购额(万元)'];
  ws.getRow(2).values = [null, null, '联系人', '电话', null];
  for (const range of ['A1:A2', 'B1:B2', 'C1:D1', 'E1:E2']) ws.mergeCells(range);
  ws.getRow(3).values = ['KH101', '两行表头有限公司', '周先生', '13811112222', 300];
  // A code typed as the number 123 and shown as 00123 by the format 00000.
  ws.getRow(4).values = [123, '零开头编号有限公司', '吴女士', '13811113333', 50];
  ws.getCell('A4').numFmt = '00000';
  return book;
}

/** bad-rows.xlsx: header on row 1, ten good customers on rows 2–11, row 12 says 五百 for an amount. */
function badRowsWorkbook(): ExcelJSTypes.Workbook {
  const book = newBook();
  const ws = book.addWorksheet('客户');
  ws.addRow(['客户编号', '客户名称', '年采购额(万元)']);
  for (let i = 1; i <= 10; i++) ws.addRow([`KB${String(i).padStart(3, '0')}`, `客户${i}`, 10 * i]);
  ws.addRow(['KB011', '客户11', '五百']);
  return book;
}

/** unknown-unit.xlsx: the amount's header gives 美元, which is not a unit of yuan. */
function unknownUnitWorkbook(): ExcelJSTypes.Workbook {
  const book = newBook();
  const ws = book.addWorksheet('Sheet1');
  ws.addRow(['code', 'name', '年采购额(美元)']);
  ws.addRow(['KU001', 'Acme', 100]);
  return book;
}

/** A zip archive of stored (uncompressed) entries: enough for a file that is a zip but no workbook. */
function storedZip(entries: Record<string, string>): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    head.writeUInt32LE(0x00210000, 10); // DOS time 00:00, date 1980-01-01
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt32LE(0x00210000, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(fileName.length, 28);
    dir.writeUInt32LE(offset, 42);
    local.push(head, fileName, data);
    central.push(dir, fileName);
    offset += head.length + fileName.length + data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

/**
 * exceljs zips with JSZip, which stamps every entry with the time of writing; a Date that reads
 * the fixed time when asked for "now" makes the bytes the same on every run.
 */
async function withFixedNow<T>(run: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(FIXED.getTime());
      else super(...(args as [number]));
    }
    static override now(): number {
      return FIXED.getTime();
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
  try {
    return await run();
  } finally {
    globalThis.Date = RealDate;
  }
}

const workbooks: Record<string, () => ExcelJSTypes.Workbook> = {
  '客户.xlsx': clerkWorkbook,
  '两行表头.xlsx': twoRowHeaderWorkbook,
  'bad-rows.xlsx': badRowsWorkbook,
  'unknown-unit.xlsx': unknownUnitWorkbook,
};

const others: Record<string, Buffer> = {
  // A Word document is a zip too: it must be refused as "not a workbook", not read as one.
  'not-a-workbook.xlsx': storedZip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types/>',
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8"?><document/>',
  }),
  // The first bytes of an OLE2 compound file: Excel 97–2003 .xls (or a password-protected .xlsx).
  'old-format.xls': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
  'scan.pdf': Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1'),
  'photo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]),
};

rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR, { recursive: true });
for (const [name, make] of Object.entries(workbooks)) {
  const buffer = await withFixedNow(() => make().xlsx.writeBuffer());
  writeFileSync(join(OUT_DIR, name), Buffer.from(buffer));
}
for (const [name, content] of Object.entries(others)) writeFileSync(join(OUT_DIR, name), content);
console.log(`wrote ${Object.keys(workbooks).length + Object.keys(others).length} files to ${OUT_DIR}`);
