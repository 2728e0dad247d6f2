// Every file of fixtures/hostile through the real importer: exit 3, one sentence with its place, the store untouched (issue 10), on SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { CASES, ROOT, dumpStore, newStore, runCli, storeKinds, tempDir, testContext } from '../helpers.js';

const HOSTILE = path.join(ROOT, 'fixtures', 'hostile');
const TODAY = '2026-11-23';

describe.each(storeKinds)('on %s', (kind) => {
  let db: string;
  beforeEach(async () => {
    // A store with customers in it, so that "unchanged" also means nothing was updated.
    db = newStore(kind, tempDir(), 'store.db');
    const { ctx } = testContext({ dbPath: db, today: TODAY });
    initStore(ctx).close();
    await importFile(ctx, 'customers', path.join(CASES, 'customers-utf8-bom.csv'));
  });

  // Killed after 15 s: `import customers /dev/zero` used to run forever.
  const huifang = (...args: string[]) => runCli(['--db', db, '--today', TODAY, '--lang', 'en', ...args], { timeout: 15_000 });

  /**
   * Each fixture and the start of the stderr line that must name it: `file:line: column: problem`
   * for a problem inside the file (lines counted by hand in scripts/make-hostile-fixtures.ts), or
   * `file …` for a file refused as a whole.
   */
  const HOSTILE_CASES: [file: string, place: (f: string) => string][] = [
    ['quote-in-unquoted-cell.csv', (f) => `${f}:2: name: a double quote inside a cell that does not start with one`],
    ['text-after-closing-quote.csv', (f) => `${f}:2: name: text after the closing double quote of a cell`],
    // The quote opens on line 2 and swallows line 3: the line where it opened is the one to fix.
    ['unclosed-quote.csv', (f) => `${f}:2: notes: a double quote opened on this line is never closed`],
    ['binary-random.csv', (f) => `${f} is not text but binary data`],
    ['old-excel-workbook.xls', (f) => `${f} is an old Excel workbook (.xls) or an encrypted one, which cannot be imported: open it in Excel/WPS, save it as .xlsx or CSV (UTF-8)`],
    // A zip header and then noise: read as a workbook (issue 12), and refused as a damaged one.
    ['excel-workbook.xlsx', (f) => `${f} is not a complete Excel workbook (damaged, or not fully downloaded)`],
    ['pdf-document.pdf', (f) => `${f} is a PDF, not a spreadsheet`],
    ['picture.png', (f) => `${f} is a picture, not a spreadsheet`],
    ['web-page-saved-as.xls', (f) => `${f} is a web page or XML file`],
    ['utf16-without-bom.csv', (f) => `${f} is not text but binary data`],
    ['empty.csv', (f) => `${f} is empty`],
    // Line 1 header, line 2 K1, line 3 K2 holds the NUL.
    ['nul-in-cell.csv', (f) => `${f}:3: name: holds a control character (U+0000)`],
    ['escape-in-cell.csv', (f) => `${f}:2: notes: holds a control character (U+001B)`],
    // The UTF-8 header (line 1) decides; line 3 is the first that is not UTF-8.
    ['mixed-utf8-then-gbk.csv', (f) => `${f}:3: this line is not UTF-8, but line 1 is`],
    ['mixed-gbk-then-utf8.csv', (f) => `${f}:3: this line is UTF-8, but line 1 is GBK`],
    ['utf8-bom-then-gbk-row.csv', (f) => `${f}:3: this line is not UTF-8, but line 1 is`],
    ['invalid-gbk-bytes.csv', (f) => `${f}:3: this line holds bytes that are neither GBK nor UTF-8`],
    // code, name and 999 extra columns: 1,001 > MAX_COLUMNS (1,000).
    ['header-too-wide.csv', (f) => `${f}:1: the header has 1001 columns; at most 1000 are read`],
    ['cell-too-long.csv', (f) => `${f}:2: notes: the cell is longer than 32767 characters`],
    ['many-bad-rows.csv', (f) => `${f}:2: tier: unknown tier "Z"`],
  ];

  describe('hostile input files', () => {
    it('the corpus is the files the script writes, each tested', () => {
      expect(fs.readdirSync(HOSTILE).sort()).toEqual(HOSTILE_CASES.map(([file]) => file).sort());
    });

    it.each(HOSTILE_CASES)('%s: exit 3, its place, nothing written', (name, place) => {
      const file = path.join(HOSTILE, name);
      const before = dumpStore(db);
      const r = huifang('import', 'customers', file);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^${literal(place(file))}`)));
      expect(r.stderr).not.toMatch(/Internal error|\n\s+at /);
      expect(dumpStore(db)).toEqual(before);
    });

    it('many bad rows: the first 50 problems, then a count and where --rejects would put them all', () => {
      const file = path.join(HOSTILE, 'many-bad-rows.csv');
      const lines = huifang('import', 'customers', file).stderr.trimEnd().split('\n');
      // The headline, 50 problems (rows 2–51), then one line for the other 10 (rows 52–61).
      expect(lines).toHaveLength(52);
      expect(lines[0]).toBe(`${file}: 60 of 60 rows have problems; nothing was imported (add --rejects FILE to import only the good rows):`);
      expect(lines[50]).toBe(`${file}:51: tier: unknown tier "Z"; use one of: A, B, C`);
      expect(lines[51]).toBe('… and 10 more problems not shown; --rejects FILE imports the good rows and writes every bad row, with its reasons, to FILE');
    });
  });

  describe('files that never end', () => {
    it('a device (/dev/zero) or a folder is refused at once, by every command that reads a file', () => {
      // `policy import` and `calendar import` read their file whole: /dev/zero used to hang them too.
      for (const command of [['import', 'customers'], ['policy', 'import'], ['calendar', 'import']]) {
        for (const target of ['/dev/zero', tempDir()]) {
          const before = dumpStore(db);
          const r = huifang(...command, target);
          expect(r.code).toBe(3);
          expect(r.stderr).toBe(`${target} is not a regular file (a folder, a device or a pipe): save the data to a file and import that.\n`);
          expect(dumpStore(db)).toEqual(before);
        }
      }
    });

    it('a policy or holiday document larger than any real one is refused before it is read', () => {
      const big = path.join(tempDir(), 'policy.json');
      fs.writeFileSync(big, `{"x": "${'a'.repeat(5 * 1024 * 1024)}"}`);
      for (const command of [['policy', 'import'], ['calendar', 'import']]) {
        const before = dumpStore(db);
        const r = huifang(...command, big);
        expect(r.code).toBe(3);
        expect(r.stderr).toBe(`${big} is larger than 4 MiB, too large for a policy or holiday file: check that it is the right file.\n`);
        expect(dumpStore(db)).toEqual(before);
      }
    });
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
