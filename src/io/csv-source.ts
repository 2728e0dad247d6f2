// Reading a spreadsheet's CSV as rows with their line numbers: encoding detection, decoding, parsing.
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { InputError, type Problem } from '../errors.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import { checkInputFile, readHead } from './input-file.js';
import { LineDecoder, wholeLinesEnd, type Encoding } from './line-decoder.js';

export type { Encoding } from './line-decoder.js';
export type EncodingChoice = 'auto' | 'utf8' | 'gbk';

export interface CsvRow {
  /** 1-based line of the file where the row starts (quoted cells may span lines). */
  line: number;
  cells: string[];
}

export interface CsvSource {
  file: string;
  /** Known for sure once the rows are read: a file may be plain ASCII for its first megabytes. */
  readonly encoding: Encoding;
  delimiter: string;
  header: CsvRow;
  rows: AsyncIterable<CsvRow>;
  /** Stop reading early (after a header problem); safe to call more than once. */
  close(): Promise<void>;
}

/**
 * The widest header accepted. The import kinds know 5 to 13 columns; a sheet with more than a
 * thousand is not a customer list, and an unbounded header made a 197 MB report of unknown columns.
 */
export const MAX_COLUMNS = 1000;

/**
 * The longest row (bytes of UTF-8) read before giving up. A row this long is an unclosed quote
 * swallowing the lines after it, or not a spreadsheet at all; stopping here keeps memory bounded.
 * (13 columns of Excel's largest cell, 32,767 hanzi, would be 1.3 MB.)
 */
const MAX_ROW_BYTES = 4 * 1024 * 1024;
const rowTooLong = (line: number) => ({ line, key: 'csv.rowTooLong' as const, params: { max: `${MAX_ROW_BYTES / 1024 / 1024} MiB` } });

const SNIFF_BYTES = 64 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Drop a UTF-8 sequence cut off at the end of a sample so it does not look invalid. */
function trimPartialUtf8(buf: Buffer): Buffer {
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (b >= 0xc0) return buf.subarray(0, end - i); // lead byte of a possibly incomplete sequence
    break;
  }
  return buf;
}

/** Control bytes no spreadsheet writes (all but tab, LF, CR). */
const isControlByte = (b: number) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d;

/**
 * Refuse what is not text before reading it (known formats were refused by their signature in
 * `spreadsheetFormatOf`): UTF-16, and anything else by its share of control bytes. Text has none;
 * a stray one in a cell is reported with its line and column instead, by the importer.
 */
function refuseNonText(file: string, head: Buffer): void {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new InputError('csv.utf16', { file });
  }
  let controls = 0;
  for (const b of head) if (isControlByte(b)) controls++;
  if (controls >= 8 && controls * 100 >= head.length) throw new InputError('csv.binary', { file });
}

/** How reading starts: BOM, the user's --encoding, or undecided until the first non-ASCII line. */
function startDecoder(file: string, head: Buffer, choice: EncodingChoice): LineDecoder {
  const headIsUtf8 = isUtf8(trimPartialUtf8(head));
  if (choice === 'gbk') return new LineDecoder('gb18030', true, headIsUtf8);
  if (head.subarray(0, 3).equals(BOM)) return new LineDecoder('utf8-bom', choice === 'utf8', true);
  if (choice === 'utf8') return new LineDecoder('utf8', true, headIsUtf8);
  return new LineDecoder(undefined, false, headIsUtf8);
}

/** Excel writes ';' or tab in some locales: take the most frequent of , ; tab in the header line. */
function sniffDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}

const QUOTE = 0x22;
const EQUALS = 0x3d;

/**
 * Finds where records start, by line, with a quote-aware scan of the UTF-8 bytes: a line break
 * outside double quotes ends a record, and empty lines are skipped (as the parser skips them).
 * csv-parse can report positions itself (`info`), but that doubles its cost per row.
 *
 * It also unwraps Excel's text cells: `="0123"` is how a sheet keeps a phone number's or code's
 * leading zero, and is read as the text 0123 (the `=` is dropped before the parser sees it).
 */
class RecordLineScanner {
  private line = 1;
  private inQuotes = false;
  private recordHasContent = false;
  private recordStart = 1;
  private fieldStart = true;
  private lastWasCR = false;
  private readonly starts: number[] = [];
  private head = 0;

  constructor(private readonly delimiter: number) {}

  /** Scan the next bytes; returns them without the `=` of `="…"` cells. */
  scan(buf: Buffer): Buffer {
    let dropped: number[] | undefined;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0x0a && this.lastWasCR) {
        this.lastWasCR = false; // the \n of a \r\n already counted
        continue;
      }
      this.lastWasCR = b === 0x0d;
      if (b === 0x0a || b === 0x0d) {
        if (!this.inQuotes) {
          if (this.recordHasContent) this.starts.push(this.recordStart);
          this.recordHasContent = false;
          this.fieldStart = true;
        }
        this.line++;
        continue;
      }
      if (!this.recordHasContent) {
        this.recordHasContent = true;
        this.recordStart = this.line;
      }
      if (!this.inQuotes) {
        // Blocks hold whole lines, so the quote after an `=` is always in the same buffer.
        if (this.fieldStart && b === EQUALS && buf[i + 1] === QUOTE) {
          (dropped ??= []).push(i);
          this.fieldStart = false;
          continue;
        }
        this.fieldStart = b === this.delimiter;
      }
      if (b === QUOTE) this.inQuotes = !this.inQuotes;
    }
    if (!dropped) return buf;
    const kept = [];
    let from = 0;
    for (const i of dropped) {
      kept.push(buf.subarray(from, i));
      from = i + 1;
    }
    kept.push(buf.subarray(from));
    return Buffer.concat(kept);
  }

  end(): void {
    if (this.recordHasContent) this.starts.push(this.recordStart);
    this.recordHasContent = false;
  }

  /** The start line of the next record the parser emits. */
  next(): number {
    const line = this.starts[this.head++] ?? this.line;
    // Drop consumed entries now and then so the queue stays small on large files.
    if (this.head > 4096) {
      this.starts.splice(0, this.head);
      this.head = 0;
    }
    return line;
  }

  /** Where the record the parser is working on started (for an unclosed quote or an overlong row). */
  get pendingRecordStart(): number {
    return this.starts[this.head] ?? (this.recordHasContent ? this.recordStart : this.line);
  }

  /** The line the scan has reached: the number of the next line to come. */
  get currentLine(): number {
    return this.line;
  }
}

/** The column a reading problem is in: the header's name for it, else its number. */
function columnName(header: CsvRow | undefined, index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const name = header?.cells[index]?.trim();
  return name || `#${index + 1}`;
}

/** A problem that stops the reading: the file cannot be trusted past it, so nothing is imported. */
function unreadable(file: string, problem: Omit<Problem, 'file'>): InputError {
  return new InputError('csv.unreadable', { file }, [{ file, ...problem }]);
}

/** csv-parse's errors as a place and a sentence (its messages are English and name 0-based fields). */
function parseProblem(file: string, err: CsvError, lines: RecordLineScanner, header: CsvRow | undefined): InputError {
  const column = columnName(header, typeof err.column === 'number' ? err.column : undefined);
  const at = (err as { lines?: number }).lines ?? lines.currentLine;
  switch (err.code) {
    case 'INVALID_OPENING_QUOTE':
      return unreadable(file, { line: at, column, key: 'csv.quoteInCell' });
    case 'CSV_INVALID_CLOSING_QUOTE':
      return unreadable(file, { line: at, column, key: 'csv.textAfterQuote' });
    case 'CSV_QUOTE_NOT_CLOSED':
      return unreadable(file, { line: lines.pendingRecordStart, column, key: 'csv.quoteNotClosed' });
    case 'CSV_MAX_RECORD_SIZE':
      return unreadable(file, rowTooLong(lines.pendingRecordStart));
    default:
      return unreadable(file, { line: at, column, key: 'csv.malformed', params: { detail: err.message } });
  }
}

/**
 * Open a CSV file for streaming: rows come with the line they start on. `onBytes` reports the
 * progress through the raw file (for a progress bar).
 */
export async function openCsv(
  file: string,
  options: { encoding?: EncodingChoice; onBytes?: (bytesRead: number) => void } = {},
): Promise<CsvSource> {
  checkInputFile(file);
  const head = readHead(file, SNIFF_BYTES);
  if (head.length === 0) throw new InputError('csv.empty', { file });
  refuseNonText(file, head);
  const decoder = startDecoder(file, head, options.encoding ?? 'auto');
  const body = head.subarray(0, 3).equals(BOM) && decoder.encoding === 'utf8-bom' ? head.subarray(3) : head;
  // Delimiters are ASCII and never part of a GBK character, so the raw bytes of line 1 tell.
  const delimiter = sniffDelimiter(body.toString('latin1').split(/\r\n|\n|\r/)[0] ?? '');

  const rows = readRows(file, decoder, delimiter, options.onBytes);
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new InputError('csv.empty', { file });
  const header = first.value;
  const problem = headerProblemOf(header);
  if (problem) {
    await iterator.return?.(undefined);
    throw unreadable(file, problem);
  }
  return {
    file,
    get encoding() {
      return decoder.encoding;
    },
    delimiter,
    header,
    rows: { [Symbol.asyncIterator]: () => iterator },
    close: async () => {
      await iterator.return?.(undefined);
    },
  };
}

/** A header too wide to be a list, or with a cell no spreadsheet writes. */
function headerProblemOf(header: CsvRow): Omit<Problem, 'file'> | undefined {
  if (header.cells.length > MAX_COLUMNS) {
    return { line: header.line, key: 'csv.tooManyColumns', params: { n: header.cells.length, max: MAX_COLUMNS } };
  }
  for (const [i, cell] of header.cells.entries()) {
    const problem = cellProblemOf(cell);
    if (problem) return { line: header.line, column: `#${i + 1}`, ...problem };
  }
  return undefined;
}

/**
 * The longest cell accepted: Excel's own limit (32,767 characters), so a longer one did not come
 * from a spreadsheet; without a limit a 5 MB cell was stored as a customer's note.
 */
export const MAX_CELL_CHARS = 32_767;
const CONTROL_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/**
 * What is wrong with a cell's text, if anything: too long, or holding a control character (a NUL
 * is stored invisibly and cuts the text short in other programs; an ESC would drive the terminal
 * that prints it). Tabs and line breaks are ordinary cell content.
 */
export function cellProblemOf(text: string): { key: MessageKey; params?: MessageParams } | undefined {
  if (text.length > MAX_CELL_CHARS) return { key: 'csv.cellTooLong', params: { max: MAX_CELL_CHARS } };
  const control = CONTROL_CHAR.exec(text);
  if (control) {
    return { key: 'csv.controlChar', params: { code: `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` } };
  }
  return undefined;
}

async function* readRows(
  file: string,
  decoder: LineDecoder,
  delimiter: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<CsvRow> {
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_ROW_BYTES });
  const lines = new RecordLineScanner(delimiter.charCodeAt(0));
  const start = decoder.encoding === 'utf8-bom' ? 3 : 0;
  const stream = fs.createReadStream(file, { start, highWaterMark: 1 << 16 });

  // The first text given to the parser: a parse error on line 2 can arrive before the header row
  // does, and its column is named from the header.
  let firstText: Buffer | undefined;
  let header: CsvRow | undefined;
  const headerForErrors = (): CsvRow | undefined => {
    if (header || !firstText) return header;
    try {
      const [cells] = parseSync(firstText, { delimiter, relax_column_count: true, to_line: 1 }) as string[][];
      return cells && { line: 1, cells };
    } catch {
      return undefined;
    }
  };

  const feed = (async () => {
    let read = start;
    let carry: Buffer = Buffer.alloc(0);
    const write = async (raw: Buffer) => {
      const { text, problem } = decoder.decode(raw, lines.currentLine);
      const utf8 = lines.scan(text);
      firstText ??= utf8;
      if (utf8.length && !parser.write(utf8)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            parser.off('drain', done);
            parser.off('close', done);
            resolve();
          };
          parser.on('drain', done);
          parser.on('close', done);
        });
      }
      if (problem) throw unreadable(file, problem);
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        // Decode whole lines only: a line's encoding is checked as one, and no character is cut in two.
        const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const end = wholeLinesEnd(data);
        carry = data.subarray(end);
        if (carry.length > MAX_ROW_BYTES) {
          throw unreadable(file, rowTooLong(lines.currentLine));
        }
        if (end > 0) await write(data.subarray(0, end));
        onBytes?.(read);
        if (parser.destroyed) return;
      }
      if (carry.length) await write(carry);
      lines.end();
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = { line: lines.next(), cells: record };
      header ??= row;
      yield row;
    }
  } catch (err) {
    if (err instanceof CsvError) throw parseProblem(file, err, lines, headerForErrors());
    throw err;
  } finally {
    // Reached when the rows are all read, or when the reader stops early: release the file.
    stream.destroy();
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
}
