// Any file an import reads — CSV text or a sheet of an .xlsx workbook — as the same numbered rows, total rows set aside.
import path from 'node:path';
import { InputError, UsageError, type Problem } from '../errors.js';
import { openCsv, type CsvRow, type Encoding, type EncodingChoice } from './csv-source.js';
import { toCsv } from './csv-writer.js';
import { checkInputFile, readHead, spreadsheetFormatOf } from './input-file.js';
import { openWorkbook } from './workbook-source.js';

export type { EncodingChoice } from './csv-source.js';
/** How the rows were stored: a text encoding, or a workbook. */
export type SourceEncoding = Encoding | 'xlsx';

export interface RowSource {
  /** The place every message names: the path, and for a workbook the sheet (`客户.xlsx[客户]`). */
  file: string;
  format: 'csv' | 'xlsx';
  /** Known for sure once the rows are read (see CsvSource). */
  readonly encoding: SourceEncoding;
  header: CsvRow;
  /** The data rows, without total rows; blank rows are left to the reader. */
  rows: AsyncIterable<CsvRow>;
  /** One note per total row skipped so far, with its place. */
  notes: Problem[];
  close(): Promise<void>;
  /** The rejected rows (header first) as the content of `target`: a workbook or CSV, see rejectsFormat. */
  rejectsContent(target: string, rows: string[][]): Promise<string | Buffer>;
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', 'total']);

/**
 * A closing total row's label (SPEC §4): the row's first non-empty cell says 合计, 总计, 小计 or
 * Total (as `合  计`, `合计：` or `TOTAL` too), whether it stands in the code column or after an
 * empty code. Returns the label as written, or undefined for a data row.
 */
export function totalRowLabel(cells: readonly string[]): string | undefined {
  const first = cells.find((c) => c.trim() !== '');
  if (first === undefined) return undefined;
  const word = first.normalize('NFKC').replace(/\s+/g, '').replace(/[:：]$/, '').toLowerCase();
  return TOTAL_WORDS.has(word) ? first.trim() : undefined;
}

/**
 * The format a rejects file is written in: what its name says (.xlsx or .csv), else the format of
 * the file imported, so a clerk who imported a workbook corrects her rows in a workbook.
 */
export function rejectsFormat(target: string, input: 'csv' | 'xlsx'): 'csv' | 'xlsx' {
  const ext = path.extname(target).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : input;
}

/** Rejected rows as a workbook: every cell text, as read, so codes and phones keep their leading zeros. */
async function rejectsWorkbook(sheet: string, [header = [], ...rows]: string[][]): Promise<Buffer> {
  // Loaded only for a workbook's rejects, as import loads exceljs only for a workbook.
  const { workbookBytes } = await import('./workbook-writer.js');
  return workbookBytes([{ name: sheet || 'rejects', columns: header.map((h) => ({ header: h, type: 'text' })), rows }]);
}

async function* withoutTotals(file: string, rows: AsyncIterable<CsvRow>, notes: Problem[]): AsyncGenerator<CsvRow> {
  for await (const row of rows) {
    const label = totalRowLabel(row.cells);
    if (label === undefined) yield row;
    else notes.push({ file, line: row.line, key: 'import.totalRowSkipped', params: { text: label } });
  }
}

/**
 * Open a file to import, CSV or workbook by its content. `sheet` picks a workbook's sheet (an error
 * for CSV); `encoding` applies to CSV only; `onBytes` reports progress through the file.
 */
export async function openSource(
  file: string,
  options: { encoding?: EncodingChoice; sheet?: string; onBytes?: (bytesRead: number) => void } = {},
): Promise<RowSource> {
  checkInputFile(file);
  const head = readHead(file, 512);
  if (head.length === 0) throw new InputError('csv.empty', { file });
  const format = spreadsheetFormatOf(file, head);
  if (format === 'csv' && options.sheet !== undefined) throw new UsageError('workbook.sheetNeedsWorkbook', { file });
  const notes: Problem[] = [];
  if (format === 'xlsx') {
    const book = await openWorkbook(file, { sheet: options.sheet, onBytes: options.onBytes });
    return {
      file: book.file,
      format,
      encoding: 'xlsx',
      header: book.header,
      rows: withoutTotals(book.file, book.rows, notes),
      notes,
      close: () => book.close(),
      rejectsContent: async (target, rows) => (rejectsFormat(target, format) === 'xlsx' ? rejectsWorkbook(book.sheet, rows) : toCsv(rows)),
    };
  }
  const csv = await openCsv(file, { encoding: options.encoding, onBytes: options.onBytes });
  return {
    file,
    format,
    get encoding() {
      return csv.encoding;
    },
    header: csv.header,
    rows: withoutTotals(file, csv.rows, notes),
    notes,
    close: () => csv.close(),
    rejectsContent: async (target, rows) => (rejectsFormat(target, format) === 'xlsx' ? rejectsWorkbook('', rows) : toCsv(rows)),
  };
}
