// Every file huifang reads: it must exist and be a regular file, a whole-file read is bounded, and an import's format is known by its content.
import fs from 'node:fs';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';

/**
 * Refuse what is not a regular file before reading a byte: a device or a pipe never ends
 * (`/dev/zero` would hang the command), and a folder is not a file.
 */
export function checkInputFile(file: string): fs.Stats {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new InputError('csv.missing', { file });
  if (!stat.isFile()) throw new InputError('csv.notAFile', { file });
  return stat;
}

/**
 * A small text document read whole (a policy, a holiday-cn year): a policy is a few KiB and a
 * year of holidays less, so 4 MiB is far beyond any real one and keeps a wrong file from filling memory.
 */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export function readTextDocument(file: string): string {
  const stat = checkInputFile(file);
  if (stat.size > MAX_DOCUMENT_BYTES) throw new InputError('input.tooLarge', { file, max: '4 MiB' });
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

/** The first bytes of a file (fewer when it is shorter). */
export function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Files people try to import that are neither CSV nor an .xlsx workbook, by their first bytes; each
 * refusal says how to save the file instead. Text signatures ignore case and leading blanks.
 */
const SIGNATURES: { bytes: Buffer | string; key: MessageKey }[] = [
  // OLE2 compound file: an .xls of Excel 97–2003, or an .xlsx saved with a password.
  { bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), key: 'csv.notCsvXls' },
  { bytes: Buffer.from('%PDF', 'latin1'), key: 'csv.notCsvPdf' },
  { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), key: 'csv.notCsvImage' },
  { bytes: Buffer.from([0xff, 0xd8, 0xff]), key: 'csv.notCsvImage' },
  { bytes: Buffer.from('GIF8', 'latin1'), key: 'csv.notCsvImage' },
  { bytes: Buffer.from([0x1f, 0x8b]), key: 'csv.notCsvArchive' },
  { bytes: Buffer.from('Rar!', 'latin1'), key: 'csv.notCsvArchive' },
  { bytes: Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), key: 'csv.notCsvArchive' },
  { bytes: '<?xml', key: 'csv.notCsvWeb' },
  { bytes: '<html', key: 'csv.notCsvWeb' },
  { bytes: '<!doctype', key: 'csv.notCsvWeb' },
  { bytes: '<table', key: 'csv.notCsvWeb' },
];

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
/** An OpenDocument file starts with an uncompressed `mimetype` entry naming its kind. */
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/**
 * What a file to import is, by its content (never its name: clerks rename files): a zip archive is
 * read as an .xlsx workbook (whether it really is one shows while it is read), anything else as CSV
 * text. Known formats that are neither are refused here, in one sentence.
 */
export function spreadsheetFormatOf(file: string, head: Buffer): 'csv' | 'xlsx' {
  if (head.subarray(0, 4).equals(ZIP)) {
    if (head.subarray(0, 120).toString('latin1').includes(ODS_MIMETYPE)) throw new InputError('workbook.ods', { file });
    return 'xlsx';
  }
  const text = head.subarray(0, 64).toString('latin1').trimStart().toLowerCase();
  for (const { bytes, key } of SIGNATURES) {
    if (typeof bytes === 'string' ? text.startsWith(bytes) : head.subarray(0, bytes.length).equals(bytes)) {
      throw new InputError(key, { file });
    }
  }
  return 'csv';
}
