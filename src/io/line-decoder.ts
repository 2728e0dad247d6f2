// Decoding a CSV's bytes a block of whole lines at a time, so that a line in another encoding is named (SPEC §4).
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { MessageKey, MessageParams } from '../i18n/index.js';

/** What the file turned out to be; GBK files are decoded as GB18030, its superset. */
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** The first line that does not decode: where, and why. */
export interface LineProblem {
  line: number;
  key: MessageKey;
  params?: MessageParams;
}

const CR = 0x0d;
const LF = 0x0a;
const CJK = /[\u4e00-\u9fff]/;

/**
 * A line that is valid UTF-8 *and* holds a CJK ideograph when read as UTF-8. The ideograph is what
 * tells UTF-8 from GBK: about one GBK line in five with a single hanzi happens to be valid UTF-8
 * (as Cyrillic or Latin letters), but a GBK line that reads as UTF-8 hanzi needs a rare level-2
 * character followed by particular bytes (measured: under 1 in 10,000 random three-hanzi lines,
 * none for the 3,755 common hanzi).
 */
function looksUtf8Chinese(line: Buffer): boolean {
  return isUtf8(line) && CJK.test(line.toString('utf8'));
}

/**
 * Where the last whole line of `data` ends (after its line break), or 0 when it holds none yet.
 * A CR at the very end is left for the next block: it may be the first half of a CRLF.
 */
export function wholeLinesEnd(data: Buffer): number {
  const lf = data.lastIndexOf(LF);
  let cr = data.lastIndexOf(CR);
  if (cr === data.length - 1) cr = cr > 0 ? data.lastIndexOf(CR, cr - 1) : -1; // (a negative offset would count from the end)
  return Math.max(lf, cr) + 1;
}

/**
 * Decides the encoding from the first line that is not plain ASCII (everything before it reads the
 * same in both), then holds every later line to it. `forced` is the user's --encoding: it decides
 * at once and turns the mixing check off (the user has said what the file is).
 */
export class LineDecoder {
  private decidedOn: number | undefined;

  constructor(
    private current: Encoding | undefined,
    private readonly forced: boolean,
    /** Whether the first 64 KiB are valid UTF-8: the tie-break for a first line that could be either. */
    private readonly headIsUtf8: boolean,
  ) {
    if (current) this.decidedOn = 1;
  }

  /** The encoding so far: UTF-8 while every line seen was ASCII. */
  get encoding(): Encoding {
    return this.current ?? 'utf8';
  }

  /**
   * Decode a block of whole lines starting on `firstLine`. Returns the UTF-8 text of the lines
   * before the first one that does not decode, and that line's problem. The whole block is
   * checked at once; only a block with a problem is searched line by line.
   */
  decode(block: Buffer, firstLine: number): { text: Buffer; problem?: LineProblem } {
    if (this.current === undefined) {
      if (isAscii(block)) return { text: block };
      const at = block.findIndex((b) => b >= 0x80);
      const start = lineStart(block, at);
      const line = firstLine + countBreaks(block, start);
      const bytes = block.subarray(start, lineEnd(block, at));
      this.current = isUtf8(bytes) && (CJK.test(bytes.toString('utf8')) || this.headIsUtf8) ? 'utf8' : 'gb18030';
      this.decidedOn = line;
      const rest = this.decode(block.subarray(start), line);
      return { text: Buffer.concat([block.subarray(0, start), rest.text]), problem: rest.problem };
    }
    const first = this.decidedOn ?? 1;
    const at = (start: number, key: MessageKey, params?: MessageParams) => ({
      text: this.convert(block.subarray(0, start)),
      problem: { line: firstLine + countBreaks(block, start), key, params },
    });
    if (this.current !== 'gb18030') {
      if (isUtf8(block)) return { text: block };
      const bad = firstLineWhere(block, 0, (line) => !isUtf8(line));
      return this.forced ? at(bad, 'csv.notUtf8') : at(bad, 'csv.mixedNotUtf8', { first });
    }
    const decoded = iconv.decode(block, 'gb18030');
    const utf8 = this.forced ? -1 : utf8ChineseLine(block);
    const badGbk = decoded.includes('\uFFFD')
      ? firstLineWhere(block, 0, (line) => iconv.decode(line, 'gb18030').includes('\uFFFD'))
      : -1;
    if (utf8 >= 0 && (badGbk < 0 || utf8 <= badGbk)) return at(utf8, 'csv.mixedUtf8', { first });
    if (badGbk >= 0) return at(badGbk, 'csv.badGbk');
    return { text: Buffer.from(decoded, 'utf8') };
  }

  private convert(bytes: Buffer): Buffer {
    // Line breaks are ASCII and never inside a GB18030 sequence, so whole lines decode on their own.
    return this.current === 'gb18030' ? Buffer.from(iconv.decode(bytes, 'gb18030'), 'utf8') : bytes;
  }
}

const isBreak = (b: number | undefined) => b === LF || b === CR;

/** Where the line holding byte `i` starts. */
function lineStart(block: Buffer, i: number): number {
  let s = i;
  while (s > 0 && !isBreak(block[s - 1])) s--;
  return s;
}

/** Where the line holding byte `i` ends (its line break, or the block's end). */
function lineEnd(block: Buffer, i: number): number {
  let e = i;
  while (e < block.length && !isBreak(block[e])) e++;
  return e;
}

/** Line breaks before `end` (a CRLF is one). */
function countBreaks(block: Buffer, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const b = block[i];
    if (b === LF || (b === CR && block[i + 1] !== LF)) n++;
  }
  return n;
}

/** Start of the first line from `from` on that `test` holds for, or -1. */
function firstLineWhere(block: Buffer, from: number, test: (line: Buffer) => boolean): number {
  let start = from;
  while (start < block.length) {
    const end = lineEnd(block, start);
    if (test(block.subarray(start, end))) return start;
    start = end + 1;
  }
  return -1;
}

/**
 * Start of the first line that reads as UTF-8 Chinese, or -1. Only lines holding a UTF-8 sequence
 * for U+4E00–U+9FFF (lead byte E4–E9, two continuation bytes) are checked, so a GBK block is
 * scanned once.
 */
function utf8ChineseLine(block: Buffer): number {
  for (let i = 0; i + 2 < block.length; i++) {
    const b = block[i] ?? 0;
    if (b < 0xe4 || b > 0xe9 || ((block[i + 1] ?? 0) & 0xc0) !== 0x80 || ((block[i + 2] ?? 0) & 0xc0) !== 0x80) continue;
    const start = lineStart(block, i);
    const end = lineEnd(block, i);
    if (looksUtf8Chinese(block.subarray(start, end))) return start;
    i = end;
  }
  return -1;
}
