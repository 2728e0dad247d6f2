// Exports a spreadsheet cannot turn against the user (issue 10 points 5–6, SPEC §3.8, §5): every CSV
// re-parses to the same rows and cells, formulas stay text, and phones are masked unless --reveal. On SQLite and PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfStore, newStore, runCli, storeKinds } from '../helpers.js';

const TODAY = '2026-11-23';
// Hostile cells: a CR/LF would start a new spreadsheet row, and the text after it would run as a formula.
const NAME = 'ACME, "Ltd"\r\n=2+2';
const OWNER = '\r=2+2';
const CONTACT = '@SUM(1+1)';
const FEEDBACK = '-2+3\n=HYPERLINK("x")';
const STAFF = '+staff,"x"';
const NEED = 'a\rb';
const PHONE = '13912345678';
const MASKED = '139****5678';

describe.each(storeKinds)('on %s', (kind) => {
  let dir: string;
  let db: string;
  const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, ...args]);
  const ok = (...args: string[]) => {
    const r = cli(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(() => {
    // One store for every test here: they only read it.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-exports-'));
    db = newStore(kind, dir);
    ok('init');
    ok('customer', 'add', 'Y1', '--name', NAME, '--owner', OWNER, '--contact', CONTACT, '--phone', PHONE, '--birthday', '11-23', '--since', '2026-01-01');
    // A life event today: a care visit due today (+0, SPEC §3.2), so Y1 is on today's list and in November's plan.
    ok('event', 'add', 'Y1', '--type', 'life_event', '--date', TODAY);
    // A reached call in October for the detail export and the per-staff summary.
    ok('log', 'Y1', '--outcome', 'reached', '--score', '2', '--feedback', FEEDBACK, '--need', NEED, '--staff', STAFF, '--at', '2026-10-20 10:00', '--yes');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Parse an export as a spreadsheet does: a CR, an LF or a CRLF outside quotes ends the row (csv-parse
   * alone would guess CRLF from the first line and keep a bare CR inside a cell), and every row must
   * have as many cells as the header.
   */
  function records(text: string): string[][] {
    expect(text.startsWith('\uFEFF')).toBe(true);
    return parse(text, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  }

  /** The cells of the row whose `key` column holds `value`, by header name. */
  function rowWhere(rows: string[][], key: string, value: string): Record<string, string> {
    const [header, ...body] = rows;
    const k = (header ?? []).indexOf(key);
    const row = body.find((r) => r[k] === value);
    expect(row, `${key} = ${value}`).toBeDefined();
    return Object.fromEntries((header ?? []).map((h, i) => [h, row?.[i] ?? '']));
  }

  describe('every CSV export re-parses to the same rows and cells (issue 10 point 5)', () => {
    it('due --csv: one header and one row; the name with a comma, quotes and CRLF is one cell', () => {
      const rows = records(ok('due', '--csv').stdout);
      expect(rows).toHaveLength(2);
      const y = rowWhere(rows, 'Code', 'Y1');
      expect(y.Customer).toBe(NAME); // starts with a letter: left as it is
      expect(y.Contact).toBe(`'${CONTACT}`); // would run as a formula: defused
      expect(y.Phone).toBe(MASKED);
    });

    it('due --greetings --csv: the birthday greeting, one row', () => {
      const rows = records(ok('due', '--greetings', '--csv').stdout);
      expect(rows).toHaveLength(2);
      expect(rowWhere(rows, 'Code', 'Y1')).toMatchObject({ Customer: NAME, Contact: `'${CONTACT}`, Phone: MASKED, Occasion: 'birthday' });
    });

    it('plan --csv: the owner made of CR and a formula stays one defused cell', () => {
      const rows = records(ok('plan', '--csv', '--month', '2026-11').stdout);
      const [header, ...body] = rows;
      expect(body.length).toBeGreaterThan(0);
      for (const r of body) expect(r).toHaveLength(header?.length ?? 0);
      const care = body.find((r) => r.includes('care visit after a life event'));
      expect(care?.[header?.indexOf('Owner') ?? -1]).toBe(`'${OWNER}`);
      expect(care?.[header?.indexOf('Customer') ?? -1]).toBe(NAME);
    });

    it('report --csv: one row per staff plus the total; hostile staff names are defused text', () => {
      const rows = records(ok('report', '--month', '2026-10', '--csv').stdout);
      // Keys: the owner (the score-2 call of 10-20 planned a callback due 10-21, the next working day,
      // assigned to the owner as no supervisor is set up: SPEC §3.3), the clerk who called, and Total.
      expect(rows.map((r) => r[3]).sort()).toEqual([`'${OWNER}`, `'${STAFF}`, 'By staff', 'Total'].sort());
    });

    it('report --csv --detail: the visit with its multi-line feedback and needs as single cells', () => {
      const rows = records(ok('report', '--month', '2026-10', '--csv', '--detail').stdout);
      expect(rows).toHaveLength(2);
      expect(rowWhere(rows, 'Code', 'Y1')).toMatchObject({
        Customer: NAME,
        Contact: `'${CONTACT}`,
        Phone: MASKED,
        Staff: `'${STAFF}`,
        Feedback: `'${FEEDBACK}`,
        Needs: NEED,
      });
    });

    it('import --rejects: the rejected rows come back cell for cell, with line and reason', () => {
      const input = path.join(dir, 'bad.csv');
      const rejects = path.join(dir, 'rejects.csv');
      const scratch = copyOfStore(db);
      // Line 2 is good; line 3 has an unknown tier and hostile cells.
      fs.writeFileSync(input, `code,name,tier,owner\r\nR1,good,C,ok\r\nR2,"${NAME.replace(/"/g, '""')}",Z,"${OWNER}"\r\n`);
      const r = runCli(['--db', scratch, '--today', TODAY, 'import', 'customers', input, '--rejects', rejects]);
      expect(r.code, r.stderr).toBe(0);
      const rows = records(fs.readFileSync(rejects, 'utf8'));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual(['code', 'name', 'tier', 'owner', 'line', 'reason']);
      expect(rows[1]?.slice(0, 5)).toEqual(['R2', NAME, 'Z', `'${OWNER}`, '3']);
    });
  });

  describe('phones are masked in every machine-readable output and file export unless --reveal (point 6)', () => {
    const outputs: [string, string[]][] = [
      ['due --json', ['due', '--json']],
      ['due --csv', ['due', '--csv']],
      ['due --greetings --json', ['due', '--greetings', '--json']],
      ['due --greetings --csv', ['due', '--greetings', '--csv']],
      ['customer list --json', ['customer', 'list', '--json']],
      ['customer show --json', ['customer', 'show', 'Y1', '--json']],
      ['audit sample', ['audit', 'sample', '--month', '2026-10']],
      ['audit sample --json', ['audit', 'sample', '--month', '2026-10', '--json']],
      ['report --csv --detail', ['report', '--month', '2026-10', '--csv', '--detail']],
    ];
    it.each(outputs)('%s masks, and shows the number with --reveal', (_name, args) => {
      const masked = ok(...args).stdout;
      expect(masked).toContain(MASKED);
      expect(masked).not.toContain(PHONE);
      expect(ok(...args, '--reveal').stdout).toContain(PHONE);
    });

    it('report --out FILE masks too', () => {
      const out = path.join(dir, 'detail.csv');
      ok('report', '--month', '2026-10', '--csv', '--detail', '--out', out);
      const text = fs.readFileSync(out, 'utf8');
      expect(text).toContain(MASKED);
      expect(text).not.toContain(PHONE);
    });
  });
});
