// Writing an .xlsx workbook a clerk opens in Excel or WPS: typed cells (real dates, percentages, phones
// as text), the header row frozen with a filter, columns as wide as their CJK text; whole or not at all.
import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { displayWidth } from '../render/display-width.js';
import { buildFile } from './output-file.js';

/**
 * What a column holds, so the spreadsheet can sort and sum it. `text` writes a value as it is (a string
 * stays a string, a count stays a number); `phone` is always text, so a leading 0 or +86 survives.
 */
export type CellType = 'text' | 'integer' | 'number' | 'date' | 'percent' | 'phone';
export type CellValue = string | number | null | undefined;
/** A cell whose type is not its column's (a summary sheet lists dates, rates and a mean in one column). */
export interface TypedCell {
  value: CellValue;
  type: CellType;
}
export interface SheetColumn {
  header: string;
  type: CellType;
}
export interface Sheet {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly (CellValue | TypedCell)[])[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/;
const FORMAT: Record<CellType, string | undefined> = {
  text: undefined,
  integer: '0',
  number: undefined,
  date: 'yyyy-mm-dd',
  percent: '0.0%',
  phone: '@',
};
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';
/**
 * Widths in Excel's unit (the width of a '0'); a CJK character is two, as string-width counts it. At
 * least 10, a date's width (exceljs also drops a width of exactly 9, its default, from the file).
 */
const MIN_WIDTH = 10;
const MAX_WIDTH = 60;
/** The filter button sits on the header cell's right edge. */
const FILTER_BUTTON = 3;

const isTyped = (c: CellValue | TypedCell): c is TypedCell => typeof c === 'object' && c !== null;

/** A cell as the workbook stores it: its value and number format (none for text and plain numbers). */
function cellOf(raw: CellValue, type: CellType): { value: string | number | Date | null; numFmt?: string } {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  if (type === 'phone') return { value: String(raw), numFmt: FORMAT.phone };
  if (typeof raw === 'string') {
    if (type !== 'date') return { value: raw };
    const m = DATE.exec(raw);
    // The exports hold ISO dates from the store: anything else is a bug to hear about, not a cell to guess.
    if (!m) throw new Error(`Not a date for a date column: ${JSON.stringify(raw)}`);
    const [y, mo, d, h, mi] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
    const value = new Date(Date.UTC(y, mo - 1, d, h, mi));
    return { value, numFmt: m[4] === undefined ? FORMAT.date : DATETIME_FORMAT };
  }
  const numFmt = FORMAT[type];
  return numFmt === undefined ? { value: raw } : { value: raw, numFmt };
}

/** The text Excel shows for a cell, to size its column: the widest line. */
function shownWidth(raw: CellValue, type: CellType): number {
  if (raw === null || raw === undefined) return 0;
  let text: string;
  if (type === 'percent' && typeof raw === 'number') text = `${(raw * 100).toFixed(1)}%`;
  else if (type === 'date' && typeof raw === 'string') text = raw.length > 10 ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
  else text = String(raw);
  return Math.max(0, ...text.split(/\r\n|\r|\n/).map((line) => displayWidth(line)));
}

/** Excel refuses a sheet name longer than 31 characters or holding one of : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

/** The columns' widths: the header (and its filter button) or the widest cell, within bounds. */
function widths(sheet: Sheet): number[] {
  return sheet.columns.map((col, i) => {
    let w = displayWidth(col.header) + FILTER_BUTTON;
    for (const row of sheet.rows) {
      const c = row[i];
      w = Math.max(w, isTyped(c) ? shownWidth(c.value, c.type) : shownWidth(c, col.type));
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
}

function addSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, sheet: Sheet): void {
  const ws = book.addWorksheet(sheetName(sheet.name), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const fitted = widths(sheet);
  ws.columns = sheet.columns.map((c, i) => ({ header: c.header, width: fitted[i] }));
  ws.getRow(1).font = { bold: true };
  if (sheet.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  ws.getRow(1).commit();
  for (const [r, cells] of sheet.rows.entries()) {
    const row = ws.getRow(r + 2);
    for (const [i, col] of sheet.columns.entries()) {
      const c = cells[i];
      const { value, numFmt } = isTyped(c) ? cellOf(c.value, c.type) : cellOf(c, col.type);
      if (value === null) continue;
      const cell = row.getCell(i + 1);
      cell.value = value;
      if (numFmt) cell.numFmt = numFmt;
      // A long or several-line text wraps inside its (capped) column rather than running over the next.
      if (typeof value === 'string' && (/[\r\n]/.test(value) || displayWidth(value) + 2 > (fitted[i] ?? MAX_WIDTH))) {
        cell.alignment = { wrapText: true, vertical: 'top' };
      }
    }
    row.commit();
  }
  ws.commit();
}

/** Stream the workbook into `stream`; resolves once the last byte is written. */
async function writeSheets(stream: Writable, sheets: readonly Sheet[]): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  book.creator = 'huifang';
  try {
    for (const sheet of sheets) addSheet(book, sheet);
    await book.commit();
  } catch (err) {
    stream.destroy();
    throw err;
  }
}

/**
 * Write `sheets` to `file` (a path already checked with `checkOutputPath`): built in a private (0600)
 * temporary file beside it and renamed into place once complete, so a failure leaves no file.
 */
export async function writeWorkbook(file: string, sheets: readonly Sheet[]): Promise<void> {
  await buildFile(file, (temp) => writeSheets(fs.createWriteStream(temp, { mode: 0o600, flags: 'wx' }), sheets), { replace: true });
}

/** The workbook as bytes, for a caller that places the file itself (import's rejects land with its rows). */
export async function workbookBytes(sheets: readonly Sheet[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeSheets(sink, sheets);
  return Buffer.concat(chunks);
}
