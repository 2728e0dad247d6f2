// Customer codes match ignoring case and full-width forms wherever one is typed (SPEC §4; issue 9 point 14).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeCode } from '../../src/domain/customer-code.js';
import { newStore, rawSql, runCli, storeKinds, tempDir, type StoreKind } from '../helpers.js';

const TODAY = '2026-11-23';

function store(kind: StoreKind) {
  const dir = tempDir();
  const db = newStore(kind, dir);
  const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, '--lang', 'en', ...args]);
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  expect(cli('init').code).toBe(0);
  return { cli, file, dbPath: db };
}

describe('normalizeCode (SPEC §4)', () => {
  it.each([
    ['ＫＨ９００２', 'KH9002'], // full-width letters and digits (U+FF2B…) fold to ASCII
    ['kh9002', 'KH9002'],
    [' Kh9002 ', 'KH9002'],
    ['ＫＨ－９００２', 'KH-9002'], // full-width hyphen-minus U+FF0D
    ['KH9002', 'KH9002'],
  ])('%s → %s', (typed, code) => expect(normalizeCode(typed)).toBe(code));
});

describe.each(storeKinds)('one customer, however its code is typed, on %s', (kind) => {
  it('imports store the normalised code and every command finds it by any spelling', () => {
    const { cli, file } = store(kind);
    const customers = file('customers.csv', '客户编号,客户名称,负责人,合作日期\nＫＨ９００２,甲公司,王芳,2026-01-05\n');
    expect(cli('import', 'customers', customers).code).toBe(0);
    const list = JSON.parse(cli('customer', 'list', '--json').stdout) as { code: string }[];
    expect(list.map((c) => c.code)).toEqual(['KH9002']);

    expect(cli('customer', 'show', 'kh9002').code).toBe(0);
    expect(cli('customer', 'set', 'Ｋｈ9002', '--tier', 'A').stdout).toContain('KH9002');
    expect(cli('due', '--explain', 'ｋｈ９００２').code).toBe(0);

    // Imports' customer columns: contacts, events (a re-import in another spelling changes nothing), visits.
    const contacts = file('contacts.csv', '客户编号,姓名,电话\nkh9002,李雷,13812345678\n');
    expect(cli('import', 'contacts', contacts).code).toBe(0);
    const events = file('events.csv', '客户编号,类型,日期\nkh9002,送货,2026-03-02\n');
    expect(cli('import', 'events', events).code).toBe(0);
    const again = cli('import', 'events', file('events2.csv', '客户编号,类型,日期\nＫＨ９００２,送货,2026-03-02\n'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('1 rows, 0 new, 0 updated, 1 unchanged');
    const visits = file('visits.csv', '客户编号,回访时间,回访人,方式,结果\nkh9002,2026-11-02 10:00,王芳,电话,无人接听\n');
    expect(cli('import', 'visits', visits).code).toBe(0);

    expect(cli('event', 'add', 'ｋｈ９００２', '--type', 'order', '--date', '2026-11-20', '--ref', 'DD-1').code).toBe(0);
    const logged = cli('log', 'kh9002', '--outcome', 'no_answer', '--yes', '--json');
    expect(logged.code, logged.stderr).toBe(0);
    expect((JSON.parse(logged.stdout) as { customer: string }).customer).toBe('KH9002');

    const shown = JSON.parse(cli('customer', 'show', 'KH9002', '--json').stdout) as { contacts: unknown[]; events: unknown[]; visits: unknown[] };
    expect(shown.contacts).toHaveLength(1);
    expect(shown.events).toHaveLength(2); // the delivery once, and the order
    expect(shown.visits).toHaveLength(2);
  });

  it('two spellings of one code are one key: a duplicate in a file, an existing customer for add', () => {
    const { cli, file } = store(kind);
    const dup = cli('import', 'customers', file('dup.csv', '客户编号,客户名称\nKH1,甲\nｋｈ１,乙\n'));
    expect(dup.code).toBe(3);
    expect(dup.stderr).toContain('dup.csv:3: 客户编号: duplicate of line 2');
    expect(cli('customer', 'add', 'kh7', '--name', '丙').code).toBe(0);
    const twice = cli('customer', 'add', 'ＫＨ７', '--name', '丁');
    expect(twice.code).toBe(3);
    expect(cli('customer', 'remove', 'Kh7').stdout).toContain('KH7');
    expect(JSON.parse(cli('customer', 'list', '--json').stdout)).toEqual([]);
  });

  it('a store written before codes were normalised: a code stored as typed is still found as typed', () => {
    const { cli, dbPath } = store(kind);
    expect(cli('customer', 'add', 'KH5', '--name', '戊').code).toBe(0);
    rawSql(dbPath, "UPDATE customer SET code = 'kh5' WHERE code = 'KH5'");
    const shown = cli('customer', 'show', 'kh5', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect((JSON.parse(shown.stdout) as { customer: { code: string } }).customer.code).toBe('kh5');
  });
});
