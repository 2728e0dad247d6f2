// Generates fixtures/hostile/: one file per way a spreadsheet export goes wrong, each refused by the importer with its place (issue 10).
//
// Run with `npx tsx scripts/make-hostile-fixtures.ts` (or `npm run fixtures:hostile`). Written by a
// script because their bytes are awkward to type: binary, NUL and control bytes, two encodings in
// one file, cells and headers just past the limits. The output is byte-identical on every run
// (randomness from the seeded PRNG of src/domain/sample.ts). test/e2e/hostile-imports.test.ts says
// what each must produce.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { seededRandom } from '../src/domain/sample.js';
import { MAX_CELL_CHARS, MAX_COLUMNS } from '../src/io/csv-source.js';
import { PROBLEMS_SHOWN } from '../src/app/import-file.js';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const gbk = (text: string) => iconv.encode(text, 'gb18030');
const bytes = (...parts: (Buffer | string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? utf8(p) : Buffer.isBuffer(p) ? p : Buffer.from(p))));

function randomBytes(n: number, seed: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
}

const files: Record<string, Buffer> = {
  // CSV syntax a spreadsheet would not write, but a hand edit or another program does.
  'quote-in-unquoted-cell.csv': utf8('code,name\r\nK1,ab"c\r\n'),
  'text-after-closing-quote.csv': utf8('code,name\r\nK1,"ab"c\r\n'),
  'unclosed-quote.csv': utf8('code,name,notes\r\nK1,甲公司,"never closed\r\nK2,乙公司,ok\r\n'),

  // Files that are not a CSV at all: refused by their first bytes, with how to save them as CSV.
  'binary-random.csv': randomBytes(4096, 0x0b1a_4e57),
  'old-excel-workbook.xls': bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], randomBytes(504, 1)),
  'excel-workbook.xlsx': bytes('PK', [0x03, 0x04, 0x14, 0x00, 0x06, 0x00], '[Content_Types].xml', randomBytes(200, 2)),
  'pdf-document.pdf': utf8('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
  'picture.png': bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], randomBytes(200, 3)),
  'web-page-saved-as.xls': utf8('<html><body><table><tr><td>客户编号</td><td>客户名称</td></tr></table></body></html>\r\n'),
  'utf16-without-bom.csv': iconv.encode('客户编号,客户名称\r\nK1,甲公司\r\nK2,乙公司\r\nK3,丙公司\r\n', 'utf16-le'),
  'empty.csv': Buffer.alloc(0),

  // Bytes that would be stored silently (SPEC §4: name the first line that does not decode).
  'nul-in-cell.csv': bytes('code,name\r\nK1,甲公司\r\nK2,ab', [0x00], 'c\r\n'),
  'escape-in-cell.csv': bytes('code,name,notes\r\nK1,甲公司,', [0x1b], '[31mred\r\n'),
  'mixed-utf8-then-gbk.csv': bytes(utf8('客户编号,客户名称\r\nK1,甲公司\r\n'), gbk('K2,乙公司\r\n')),
  'mixed-gbk-then-utf8.csv': bytes(gbk('客户编号,客户名称\r\nK1,甲公司\r\n'), utf8('K2,乙公司\r\n')),
  'utf8-bom-then-gbk-row.csv': bytes([0xef, 0xbb, 0xbf], utf8('code,name\r\nK1,甲公司\r\n'), gbk('K2,乙公司\r\n')),
  'invalid-gbk-bytes.csv': bytes(gbk('客户编号,客户名称\r\nK1,甲公司\r\nK2,'), [0xff, 0xff], '\r\n'),

  // Past the limits: one column and one character more than allowed; more bad rows than are shown.
  'header-too-wide.csv': utf8(
    `code,name,${Array.from({ length: MAX_COLUMNS - 1 }, (_, i) => `extra${i + 1}`).join(',')}\r\nK1,甲公司\r\n`,
  ),
  'cell-too-long.csv': utf8(`code,name,notes\r\nK1,甲公司,${'x'.repeat(MAX_CELL_CHARS + 1)}\r\n`),
  'many-bad-rows.csv': utf8(
    `code,name,tier\r\n${Array.from({ length: PROBLEMS_SHOWN + 10 }, (_, i) => `K${i + 1},公司${i + 1},Z\r\n`).join('')}`,
  ),
};

rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR, { recursive: true });
for (const [name, content] of Object.entries(files)) writeFileSync(join(OUT_DIR, name), content);
console.log(`${Object.keys(files).length} files in ${OUT_DIR}`);
