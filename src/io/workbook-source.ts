// Reading one sheet of an .xlsx workbook as rows of text with the row numbers Excel shows, streamed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { HuifangError, InputError } from '../errors.js';
import type { CsvRow } from './csv-source.js';

/** What exceljs's streaming reader gives that its type declarations leave out. */
interface SheetEntry {
  id: number;
  name: string;
  state?: string;
}
interface WorksheetRow {
  number: number;
  values: unknown;
  getCell(column: number): { numFmt?: string };
}
interface WorksheetStream extends AsyncIterable<WorksheetRow> {
  name: string;
}
interface WorkbookStream extends AsyncIterable<WorksheetStream> {
  model?: { sheets?: SheetEntry[] };
}

export interface WorkbookSource {
  /** `客户.xlsx[客户]`: the file and sheet, as every message names the place. */
  file: string;
  sheet: string;
  header: CsvRow;
  rows: AsyncIterable<CsvRow>;
  close(): Promise<void>;
}

type ExcelJs = typeof import('exceljs');
let excel: ExcelJs | undefined;

/**
 * exceljs, loaded on first use (the other commands do not pay for it). Its table of built-in
 * number formats leaves the East Asian ids (27–36, 50–58) without a format, so a date typed in
 * Chinese Excel or WPS (id 31, 2026年3月10日) would read as the serial number 46091: those ids
 * get their zh-CN format, which is a date or time format for every one of them.
 */
async function loadExcel(): Promise<ExcelJs> {
  if (excel) return excel;
  // Required, not import()ed: exceljs is CommonJS, and the bundle runs where import() has no loader (bin/huifang.js).
  const require = createRequire(import.meta.url);
  const loaded = require('exceljs') as ExcelJs;
  const formats = require('exceljs/lib/xlsx/defaultnumformats.js') as Record<string, { f?: string; 'zh-cn'?: string }>;
  for (const format of Object.values(formats)) if (format.f === undefined && format['zh-cn']) format.f = format['zh-cn'];
  excelUtils = require('exceljs/lib/utils/utils.js') as ExcelUtils;
  excel = loaded;
  return loaded;
}

/** exceljs's own test for a date format and its serial-number conversion (loaded with exceljs). */
interface ExcelUtils {
  isDateFmt(fmt: string | undefined): boolean;
  excelToDate(serial: number, date1904: boolean): Date;
}
let excelUtils: ExcelUtils | undefined;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as the importers read a typed date: 2026-03-10, with the time when it has one
 * (14:30, or 14:30:15). exceljs gives Excel's wall-clock time as a UTC instant.
 */
function dateText(d: Date): string {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const [h, m, s] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return date;
  return `${date} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/** A cell's value as the text a CSV export of the sheet would hold. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; result?: unknown; formula?: string; error?: string; text?: unknown };
    if (v.richText) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if (v.error !== undefined) return v.error;
    if (v.text !== undefined) return cellText(v.text);
  }
  return '';
}

/**
 * exceljs turns a number into a Date when its cell has a date format, but gives a formula's result
 * (`=B2+7` under 回访时间) as the bare serial number: such a result is turned into a date here.
 */
function formulaDate(result: unknown, numFmt: string | undefined): Date | undefined {
  if (typeof result !== 'number' || !excelUtils?.isDateFmt(numFmt)) return undefined;
  return excelUtils.excelToDate(result, false);
}

/**
 * A whole number shown with leading zeros by a format of zeros (123 under 00000 shows 00123): a
 * code typed as a number is read as Excel shows it, not as the number.
 */
function zeroPadded(value: number, numFmt: string | undefined): string | undefined {
  return numFmt && /^0+$/.test(numFmt) && Number.isInteger(value) && value >= 0 ? String(value).padStart(numFmt.length, '0') : undefined;
}

function rowOf(row: WorksheetRow): CsvRow {
  // `values` is 1-based and sparse (column A is index 1); holes are empty cells.
  const list = Array.isArray(row.values) ? row.values : [];
  const cells: string[] = [];
  for (let i = 1; i < list.length; i++) {
    const value = list[i] as { formula?: unknown; result?: unknown } | number | null | undefined;
    if (typeof value === 'number') {
      cells.push(zeroPadded(value, row.getCell(i).numFmt) ?? String(value));
      continue;
    }
    const date = typeof value?.formula === 'string' ? formulaDate(value.result, row.getCell(i).numFmt) : undefined;
    cells.push(cellText(date ?? value));
  }
  return { line: row.number, cells };
}

const filled = (row: CsvRow) => row.cells.reduce((n, c) => (c.trim() ? n + 1 : n), 0);

/**
 * Rows before the header that hold one cell are titles (`2026 年客户名单`, usually merged across
 * the columns): every import kind has at least two columns, so its header has at least two
 * names. A sheet whose first rows all hold one cell keeps the first as its header.
 */
const MAX_TITLE_ROWS = 10;

/**
 * A header of two rows, its top cells merged: 联系方式 over 联系人 | 电话, and 客户编号 merged down
 * over both rows. The merges themselves come after the rows in the file, so a streaming reader
 * sees only their effect: the row right below the header leaves the first named column empty (a
 * merged cell is empty below its first row; a data row has its code there) and names a column the
 * header row left empty (under a group's merged label).
 */
function continuesHeader(header: CsvRow, next: CsvRow): boolean {
  if (next.line !== header.line + 1) return false;
  const blank = (cells: readonly string[], i: number) => (cells[i] ?? '').trim() === '';
  const first = header.cells.findIndex((_, i) => !blank(header.cells, i));
  return blank(next.cells, first) && next.cells.some((_, i) => !blank(next.cells, i) && blank(header.cells, i));
}

/** Each column named by its lower cell when it has one (联系人 under 联系方式), else by the upper. */
function headerOfTwoRows(top: CsvRow, bottom: CsvRow): string[] {
  const width = Math.max(top.cells.length, bottom.cells.length);
  return Array.from({ length: width }, (_, i) => ((bottom.cells[i] ?? '').trim() ? (bottom.cells[i] ?? '') : (top.cells[i] ?? '')));
}

/** The reader's errors on a file that is not a sound zip or workbook, as one sentence. */
function damaged(file: string, err: unknown): Error {
  if (err instanceof HuifangError) return err;
  // A file-system error (a full disk for the reader's temporary files) is said as such by the CLI.
  if (typeof (err as { code?: unknown })?.code === 'string' && /^E[A-Z]+$/.test((err as { code: string }).code)) return err as Error;
  return new InputError('workbook.damaged', { file });
}

/** Reads of one workbook before it is called damaged (see `rows` in openWorkbook). */
const READ_ATTEMPTS = 5;

/** The failures an early end of exceljs's zip parser gives; a wrong sheet name is said at once. */
function mayBeEarlyEnd(err: unknown): boolean {
  return err instanceof InputError && ['workbook.damaged', 'csv.notCsvZip'].includes(err.key);
}

/**
 * Open a sheet for streaming: the first visible one, or the one named by `sheet`. `onBytes` reports
 * progress through the file. Rows are yielded as they are unzipped: a 100k-row sheet is never held.
 */
export async function openWorkbook(
  file: string,
  options: { sheet?: string; onBytes?: (bytesRead: number) => void } = {},
): Promise<WorkbookSource> {
  const ExcelJS = await loadExcel();
  let sheetName: string | undefined;
  const label = () => `${file}[${sheetName ?? ''}]`;

  /** One pass of exceljs's streaming reader over the file, yielding the chosen sheet's rows. */
  async function* readSheet(): AsyncGenerator<CsvRow> {
    const input = fs.createReadStream(file, { highWaterMark: 1 << 16 });
    let read = 0;
    const counted = input.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          read += chunk.length;
          options.onBytes?.(read);
          done(null, chunk);
        },
      }),
    );
    // Styles are read because they alone tell a date cell from a number.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as WorkbookStream;
    try {
      for await (const worksheet of reader) {
        sheetName ??= chooseSheet(file, reader.model?.sheets ?? [], options.sheet);
        if (worksheet.name !== sheetName) continue; // the reader skips the sheet's bytes
        for await (const row of worksheet) yield rowOf(row);
        return;
      }
    } catch (err) {
      throw damaged(file, err);
    } finally {
      input.destroy();
      counted.destroy();
    }
    // The archive ended without the sheet: not a workbook at all, or one that lost the sheet.
    if (!reader.model) throw new InputError('csv.notCsvZip', { file });
    chooseSheet(file, reader.model.sheets ?? [], options.sheet);
    throw new InputError('workbook.damaged', { file });
  }

  /**
   * exceljs 4.4's zip parser (unzipper 0.10) announces the end of the archive as soon as its last
   * input chunk is taken, before every entry has been handed on; about one read in a hundred then
   * stops early, before the sheet or the workbook's sheet list, and a sound file reads as damaged.
   * Such a read fails before its first row, so it is tried again; a file that fails every time is
   * damaged indeed. A failure after rows were passed on is never retried (they would come twice).
   */
  const rows = (async function* (): AsyncGenerator<CsvRow> {
    for (let attempt = 1; ; attempt++) {
      let yielded = false;
      try {
        for await (const row of readSheet()) {
          yielded = true;
          yield row;
        }
        return;
      } catch (err) {
        if (yielded || attempt >= READ_ATTEMPTS || !mayBeEarlyEnd(err)) throw err;
      }
    }
  })();

  const iterator = rows[Symbol.asyncIterator]();
  const leading: CsvRow[] = [];
  let header: CsvRow | undefined;
  while (!header) {
    const next = await iterator.next();
    if (next.done) break;
    const n = filled(next.value);
    if (n >= 2) header = next.value;
    else if (n === 1 && leading.push(next.value) > MAX_TITLE_ROWS) break;
  }
  // No row with two names near the top: the first row is the header after all, the others data.
  const pending = header ? [] : leading.splice(1);
  if (header) {
    const next = await iterator.next();
    if (!next.done && continuesHeader(header, next.value)) header = { line: header.line, cells: headerOfTwoRows(header, next.value) };
    else if (!next.done) pending.push(next.value);
  }
  header ??= leading[0];
  if (!header) {
    await iterator.return?.(undefined);
    throw new InputError('workbook.emptySheet', { file: label() });
  }
  const body = (async function* () {
    yield* pending;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return {
    file: label(),
    sheet: sheetName ?? '',
    header,
    rows: body,
    close: async () => {
      await iterator.return?.(undefined);
    },
  };
}

/** The sheet to read: the named one (compared ignoring case and width), else the first visible. */
function chooseSheet(file: string, sheets: readonly SheetEntry[], wanted: string | undefined): string {
  if (wanted === undefined) {
    const first = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
    if (!first) throw new InputError('workbook.noSheets', { file });
    return first.name;
  }
  const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  const hit = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => fold(s.name) === fold(wanted));
  if (!hit) throw new InputError('workbook.unknownSheet', { file, sheet: wanted, sheets: sheets.map((s) => s.name).join(', ') });
  return hit.name;
}
