// Reading a spreadsheet's CSV as rows with their line numbers: encoding detection, decoding, parsing.
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { InputError } from '../errors.js';

export type EncodingChoice = 'auto' | 'utf8' | 'gbk';
/** What the file turned out to be; GBK files are decoded as GB18030, its superset. */
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';

export interface CsvRow {
  /** 1-based line of the file where the row starts (quoted cells may span lines). */
  line: number;
  cells: string[];
}

export interface CsvSource {
  file: string;
  encoding: Encoding;
  delimiter: string;
  header: CsvRow;
  rows: AsyncIterable<CsvRow>;
  /** Stop reading early (after a header problem); safe to call more than once. */
  close(): Promise<void>;
}

const SNIFF_BYTES = 64 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

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

const isAscii = (buf: Buffer) => buf.every((b) => b < 0x80);

/** Stream the whole file through a strict UTF-8 check (used only when the head is pure ASCII). */
async function wholeFileIsUtf8(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * BOM → UTF-8; otherwise strict UTF-8 validity decides, and anything that is not valid UTF-8 is
 * taken as GB18030. Statistical detectors confuse GBK with Big5 or EUC-KR on short texts, and
 * the files we get are either Excel's "CSV UTF-8" or the GBK that Chinese Excel/WPS write by default.
 */
export async function detectEncoding(file: string, choice: EncodingChoice): Promise<Encoding> {
  const head = readHead(file, SNIFF_BYTES);
  const hasBom = head.subarray(0, 3).equals(BOM);
  if (choice === 'gbk') return 'gb18030';
  if (hasBom) return 'utf8-bom';
  if (choice === 'utf8') return 'utf8';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new InputError('csv.utf16', { file });
  }
  const sample = trimPartialUtf8(head);
  if (!isUtf8(sample)) return 'gb18030';
  if (!isAscii(sample)) return 'utf8';
  return (await wholeFileIsUtf8(file)) ? 'utf8' : 'gb18030';
}

/** Excel writes ';' or tab in some locales: take the most frequent of , ; tab in the header line. */
function sniffDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}

function decodeHead(head: Buffer, encoding: Encoding): string {
  const body = encoding === 'utf8-bom' ? head.subarray(3) : head;
  return encoding === 'gb18030' ? iconv.decode(body, 'gb18030') : body.toString('utf8');
}

/**
 * Finds where records start, by line, with a quote-aware scan of the UTF-8 bytes: a line break
 * outside double quotes ends a record, and empty lines are skipped (as the parser skips them).
 * csv-parse can report positions itself (`info`), but that doubles its cost per row.
 */
class RecordLineScanner {
  private line = 1;
  private inQuotes = false;
  private recordHasContent = false;
  private recordStart = 1;
  private lastWasCR = false;
  private readonly starts: number[] = [];
  private head = 0;

  scan(buf: Buffer): void {
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
        }
        this.line++;
        continue;
      }
      if (!this.recordHasContent) {
        this.recordHasContent = true;
        this.recordStart = this.line;
      }
      if (b === 0x22) this.inQuotes = !this.inQuotes;
    }
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

  /** The line the scan has reached (for parser errors). */
  get currentLine(): number {
    return this.line;
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
  if (!fs.existsSync(file)) throw new InputError('csv.missing', { file });
  if (fs.statSync(file).isDirectory()) throw new InputError('csv.missing', { file });
  const encoding = await detectEncoding(file, options.encoding ?? 'auto');
  const headText = decodeHead(readHead(file, SNIFF_BYTES), encoding);
  const delimiter = sniffDelimiter(headText.split(/\r\n|\n|\r/)[0] ?? '');

  const rows = readRows(file, encoding, delimiter, options.onBytes);
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new InputError('csv.empty', { file });
  return {
    file,
    encoding,
    delimiter,
    header: first.value,
    rows: { [Symbol.asyncIterator]: () => iterator },
    close: async () => {
      await iterator.return?.(undefined);
    },
  };
}

async function* readRows(
  file: string,
  encoding: Encoding,
  delimiter: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<CsvRow> {
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true });
  const lines = new RecordLineScanner();
  const stream = fs.createReadStream(file, { start: encoding === 'utf8-bom' ? 3 : 0, highWaterMark: 1 << 16 });

  const feed = (async () => {
    const decoder = encoding === 'gb18030' ? iconv.getDecoder('gb18030') : undefined;
    const validator = decoder ? undefined : new TextDecoder('utf-8', { fatal: true });
    let read = 0;
    const write = async (utf8: Buffer) => {
      lines.scan(utf8);
      if (!parser.write(utf8)) {
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
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        if (decoder) {
          await write(Buffer.from(decoder.write(chunk), 'utf8'));
        } else {
          try {
            validator?.decode(chunk, { stream: true });
          } catch {
            throw new InputError('csv.notUtf8', { file });
          }
          await write(chunk);
        }
        onBytes?.(read);
        if (parser.destroyed) return;
      }
      const tail = decoder?.end();
      if (tail) await write(Buffer.from(tail, 'utf8'));
      lines.end();
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { line: lines.next(), cells: record };
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code?.startsWith('CSV_')) {
      throw new InputError('csv.malformed', { file, line: e.lines ?? lines.currentLine, detail: e.message ?? '' });
    }
    throw err;
  } finally {
    // Reached when the rows are all read, or when the reader stops early: release the file.
    stream.destroy();
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
}
