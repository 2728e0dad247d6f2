// One test per fixture in fixtures/cases: what each import writes, or which file:line: column it blames (SPEC §4).
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { InputError } from '../../src/errors.js';
import type { ImportKindName } from '../../src/io/imports/kind.js';
import { formatProblem } from '../../src/render/problems.js';
import { openStore } from '../../src/store/db.js';
import { CASES, dumpStore, tempDir, testContext, type Captured, sqliteRaw } from '../helpers.js';

let env: Captured;
let dbPath: string;

beforeEach(() => {
  dbPath = path.join(tempDir(), 'store.db');
  env = testContext({ dbPath, today: '2026-11-23' });
  initStore(env.ctx).close();
});

const fixture = (name: string) => path.join(CASES, name);
const load = (kind: ImportKindName, name: string, options: ImportOptions = {}) =>
  importFile(env.ctx, kind, fixture(name), options);

/** Import expecting failure: returns the problem lines, and checks that the store did not change. */
async function problemsOf(kind: ImportKindName, name: string, options: ImportOptions = {}): Promise<string[]> {
  const before = dumpStore(dbPath);
  const err = await load(kind, name, options).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).exitCode).toBe(3);
  expect(dumpStore(dbPath)).toEqual(before);
  return (err as InputError).problems.map((p) => formatProblem(env.ctx.t, p));
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = openStore(dbPath, { readonly: true });
  try {
    return sqliteRaw(db).prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('customers', () => {
  it('imports a GBK file with Chinese headers, aliases and tiers derived from the amount', async () => {
    const s = await load('customers', 'customers-gbk.csv');
    expect(s).toMatchObject({ encoding: 'gb18030', rows: 3, inserted: 3 });
    expect(query('SELECT code, name, tier, tier_source, annual_purchase, since, birthday, tags, status FROM customer ORDER BY code')).toEqual([
      // 5,000,000 is exactly the A threshold (SPEC §3.1 [002 §8]).
      { code: 'C001', name: '苏州精测仪器有限公司', tier: 'A', tier_source: 'amount', annual_purchase: 5_000_000, since: '2024-03-01', birthday: '--03-15', tags: 'key', status: 'active' },
      { code: 'C002', name: '北京市计量检测研究院', tier: 'B', tier_source: 'explicit', annual_purchase: null, since: '2023-07-08', birthday: null, tags: '', status: 'active' },
      // 80万 = 800,000 < 1,000,000 → C; 休眠 → dormant.
      { code: 'C003', name: '深圳康瑞医疗设备有限公司', tier: 'C', tier_source: 'amount', annual_purchase: 800_000, since: '2025-01-20', birthday: '1982-11-30', tags: '', status: 'dormant' },
    ]);
    expect(query('SELECT name, phone, is_primary FROM contact ORDER BY name')).toEqual([
      { name: '吴敏', phone: '010-62345678', is_primary: 1 },
      { name: '周建国', phone: '13812345678', is_primary: 1 },
      { name: '郑磊', phone: '13923456789', is_primary: 1 },
    ]);
    expect(query('SELECT name, role FROM staff ORDER BY name')).toHaveLength(3);
  });

  it('reads the UTF-8-BOM copy of the same sheet into the same rows', async () => {
    await load('customers', 'customers-utf8-bom.csv');
    const fromBom = dumpStore(dbPath);
    const other = path.join(tempDir(), 'other.db');
    const env2 = testContext({ dbPath: other });
    initStore(env2.ctx).close();
    await importFile(env2.ctx, 'customers', fixture('customers-gbk.csv'));
    const { meta: _a, policy: _b, ...restBom } = fromBom;
    const { meta: _c, policy: _d, ...restGbk } = dumpStore(other);
    expect(restGbk).toEqual(restBom);
  });

  it('importing the same file twice changes nothing', async () => {
    await load('customers', 'customers-gbk.csv');
    await load('contacts', 'contacts-good.csv');
    await load('events', 'events-good.csv');
    await load('visits', 'visits-good.csv');
    const once = dumpStore(dbPath);
    expect(await load('customers', 'customers-gbk.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await load('contacts', 'contacts-good.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await load('events', 'events-good.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    expect(await load('visits', 'visits-good.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(dumpStore(dbPath)).toEqual(once);
  });

  it('accepts English headers in any case and a semicolon delimiter', async () => {
    await load('customers', 'customers-english-semicolon.csv');
    expect(query('SELECT code, tier, owner FROM customer ORDER BY code')).toEqual([
      { code: 'E001', tier: 'A', owner: 'Wang Fang' },
      { code: 'E002', tier: 'B', owner: 'Li Na' }, // 1,200,000 → B
    ]);
  });

  it('reads Excel\'s ="…" text cells as their text, leading zeros and commas kept', async () => {
    // Excel writes ="0012" to keep a code's or phone's leading zero; the cell is the text 0012.
    await load('customers', 'customers-excel-text-cells.csv');
    expect(query('SELECT c.code, c.name, k.phone FROM customer c LEFT JOIN contact k ON k.customer_id = c.id ORDER BY c.code')).toEqual([
      { code: '0012', name: '甲公司', phone: '13812345678' },
      { code: '0013', name: '乙公司, 分部', phone: '021-64871234' },
      { code: '0014', name: '丙,公司', phone: null },
    ]);
  });

  it('unknown tier: line 3, column tier', async () => {
    expect(await problemsOf('customers', 'customers-unknown-tier.csv')).toEqual([
      `${fixture('customers-unknown-tier.csv')}:3: tier: unknown tier "D"; use one of: A, B, C`,
    ]);
  });

  it('missing code: line 2, column 客户编号', async () => {
    expect(await problemsOf('customers', 'customers-missing-code.csv')).toEqual([
      `${fixture('customers-missing-code.csv')}:2: 客户编号: must not be empty`,
    ]);
  });

  it('malformed phones: lines 3 and 4, column 电话', async () => {
    const problems = await problemsOf('customers', 'customers-bad-phone.csv');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/customers-bad-phone\.csv:3: 电话: "1381234567" is not a valid phone number/);
    expect(problems[1]).toMatch(/customers-bad-phone\.csv:4: 电话: "021-6487123" is not a valid phone number/);
  });

  it('duplicate key within the file: line 4 duplicates line 2', async () => {
    expect(await problemsOf('customers', 'customers-duplicate-code.csv')).toEqual([
      `${fixture('customers-duplicate-code.csv')}:4: 客户编号: duplicate of line 2`,
    ]);
  });

  it('missing required column: reported on the header line, nothing read', async () => {
    expect(await problemsOf('customers', 'customers-missing-name-column.csv')).toEqual([
      `${fixture('customers-missing-name-column.csv')}:1: name/客户名称: required column is missing`,
    ]);
  });

  it('every problem of every row is listed, not just the first', async () => {
    const problems = await problemsOf('customers', 'customers-all-bad.csv');
    const f = fixture('customers-all-bad.csv');
    expect(problems).toEqual([
      `${f}:2: 等级: unknown tier "Z"; use one of: A, B, C`,
      `${f}:2: 年采购额: "abc" is not an amount; write 5200000, 5,200,000 or 520万`,
      `${f}:2: 合作日期: the date "2024-02-30" does not exist`,
      `${f}:3: 客户名称: must not be empty`,
      `${f}:3: 合作日期: 2099-01-01 is after today`,
      `${f}:3: 状态: unknown customer status "退休"; use one of: active, dormant, lost, do_not_contact`,
    ]);
  });

  it('counts lines across a quoted multi-line note', async () => {
    // The note of L001 spans lines 2–4, so L002 starts on line 5.
    expect(await problemsOf('customers', 'customers-multiline-notes.csv')).toEqual([
      `${fixture('customers-multiline-notes.csv')}:5: 合作日期: the date "2024-13-01" does not exist`,
    ]);
  });

  it('reports an unknown column as a warning and imports the rest', async () => {
    const s = await load('customers', 'customers-unknown-column.csv');
    expect(s.inserted).toBe(1);
    expect(s.warnings.map((w) => formatProblem(env.ctx.t, w))).toEqual([
      expect.stringMatching(/customers-unknown-column\.csv:1: 传真: unknown column, ignored/),
    ]);
  });

  it('keeps the first 50 notes and counts the rest (60 unknown columns)', async () => {
    const file = path.join(tempDir(), 'wide.csv');
    const extra = Array.from({ length: 60 }, (_, i) => `x${i + 1}`);
    fs.writeFileSync(file, `code,name,${extra.join(',')}\nK1,甲公司\n`);
    const s = await importFile(env.ctx, 'customers', file);
    expect(s.warnings.map((w) => w.column)).toEqual(extra.slice(0, 50));
    expect(s.warningsNotShown).toBe(10);
  });

  it('--dry-run checks and writes nothing', async () => {
    const before = dumpStore(dbPath);
    const s = await load('customers', 'customers-gbk.csv', { dryRun: true });
    expect(s).toMatchObject({ inserted: 3, dryRun: true });
    expect(dumpStore(dbPath)).toEqual(before);
  });

  it('--rejects imports the good rows and writes the bad ones with their reason', async () => {
    const rejects = path.join(tempDir(), 'bad.csv');
    const s = await load('customers', 'customers-bad-phone.csv', { rejects });
    expect(s).toMatchObject({ inserted: 2, rejected: 2 });
    expect(query('SELECT code FROM customer ORDER BY code')).toEqual([{ code: 'P001' }, { code: 'P004' }]);
    const text = fs.readFileSync(rejects, 'utf8');
    expect(text.startsWith('\uFEFF客户编号,客户名称,联系人,电话,line,reason\r\n')).toBe(true);
    expect(text).toContain('P002,乙公司,李四,1381234567,3,');
    expect(fs.statSync(rejects).mode & 0o777).toBe(0o600);
  });
});

describe('events, visits, contacts, holidays', () => {
  beforeEach(async () => {
    await load('customers', 'customers-utf8-bom.csv');
  });

  it('imports events with Chinese type names; a custom type is imported with a warning', async () => {
    const s = await load('events', 'events-good.csv');
    expect(s.inserted).toBe(5);
    expect(query('SELECT type, occurred_on, occurred_time, amount, ref FROM event ORDER BY id')).toEqual([
      { type: 'delivery', occurred_on: '2026-03-01', occurred_time: null, amount: 120000, ref: 'FH-1' },
      { type: 'order', occurred_on: '2026-04-10', occurred_time: null, amount: null, ref: 'DD-7' },
      { type: 'complaint', occurred_on: '2026-05-06', occurred_time: '09:30', amount: null, ref: null },
      { type: 'complaint_resolved', occurred_on: '2026-05-08', occurred_time: null, amount: null, ref: null },
      { type: 'calibration', occurred_on: '2026-06-01', occurred_time: null, amount: null, ref: null },
    ]);
    expect(s.warnings).toHaveLength(1);
  });

  it('bad dates in events: lines 3 and 4, column date', async () => {
    const f = fixture('events-bad-date.csv');
    expect(await problemsOf('events', 'events-bad-date.csv')).toEqual([
      `${f}:3: date: "2026-02-30" is not a date and time; write 2026-03-10 14:30`,
      `${f}:4: date: "2026/13/1" is not a date and time; write 2026-03-10 14:30`,
    ]);
  });

  it('an event for an unknown customer: line 3, column 客户编号', async () => {
    expect(await problemsOf('events', 'events-unknown-customer.csv')).toEqual([
      `${fixture('events-unknown-customer.csv')}:3: 客户编号: customer C999 does not exist; import customers first`,
    ]);
  });

  it('a re-imported ref with a corrected date updates the event instead of adding one', async () => {
    await load('events', 'events-good.csv');
    const dir = tempDir();
    const corrected = path.join(dir, 'e.csv');
    fs.writeFileSync(corrected, 'customer,type,date,amount,ref\nC001,delivery,2026-03-02,120000,FH-1\n');
    const s = await importFile(env.ctx, 'events', corrected);
    expect(s).toMatchObject({ inserted: 0, updated: 1 });
    expect(query("SELECT occurred_on FROM event WHERE ref = 'FH-1'")).toEqual([{ occurred_on: '2026-03-02' }]);
  });

  it('imports visit history with Chinese channel, outcome and respondent words', async () => {
    await load('visits', 'visits-good.csv');
    expect(query('SELECT at, staff, channel, outcome, score, respondent, feedback, source FROM visit ORDER BY at')).toEqual([
      { at: '2026-03-10 10:30', staff: '王芳', channel: 'phone', outcome: 'reached', score: 5, respondent: 'self', feedback: '使用正常', source: 'import' },
      { at: '2026-04-10 15:10', staff: '王芳', channel: 'phone', outcome: 'no_answer', score: null, respondent: null, feedback: null, source: 'import' },
      { at: '2026-05-09 10:05', staff: '李娜', channel: 'onsite', outcome: 'reached', score: 4, respondent: 'colleague', feedback: '希望加快备件供货,尽快', source: 'import' },
    ]);
  });

  it('bad scores: 7, a reached visit without one, a score on a busy line', async () => {
    const f = fixture('visits-bad-score.csv');
    expect(await problemsOf('visits', 'visits-bad-score.csv')).toEqual([
      `${f}:2: 满意度: satisfaction "7" is not valid; write a whole number from 1 to 5`,
      `${f}:3: 满意度: a reached visit needs a satisfaction score (1–5)`,
      `${f}:4: 满意度: a visit with outcome busy should have no satisfaction score`,
    ]);
  });

  it('a visit repeated within the file: lines 4 and 5 duplicate line 2, however their scores differ', async () => {
    const f = fixture('visits-duplicate.csv');
    expect(await problemsOf('visits', 'visits-duplicate.csv')).toEqual([
      `${f}:4: 回访时间: duplicate of line 2`,
      `${f}:5: 回访时间: duplicate of line 2`,
    ]);
  });

  it('an unknown channel and a visit after today', async () => {
    const f = fixture('visits-future.csv');
    expect(await problemsOf('visits', 'visits-future.csv')).toEqual([
      `${f}:2: 方式: unknown channel "飞鸽"; use one of: phone, onsite, sms, wechat, email, video, survey`,
      `${f}:3: 回访时间: 2099-01-01 10:30 is after today`,
    ]);
  });

  it('a re-imported visit that differs from the stored one is refused, not edited', async () => {
    await load('visits', 'visits-good.csv');
    const changed = path.join(tempDir(), 'v.csv');
    fs.writeFileSync(changed, '客户编号,回访时间,回访人,方式,结果,满意度\nC001,2026-03-10 10:30,王芳,电话,接通,3\n');
    const err = (await importFile(env.ctx, 'visits', changed).catch((e: unknown) => e)) as InputError;
    expect(err.problems.map((p) => formatProblem(env.ctx.t, p))).toEqual([
      expect.stringMatching(/v\.csv:2: 满意度: this visit is already stored with a different value \(5\)/),
    ]);
  });

  it('contacts: one primary per customer, extensions kept', async () => {
    await load('contacts', 'contacts-good.csv');
    expect(query("SELECT name, role, phone, is_primary FROM contact WHERE customer_id = (SELECT id FROM customer WHERE code = 'C001') ORDER BY id")).toEqual([
      { name: '周建国', role: '技术负责人', phone: '13812345678', is_primary: 1 },
      { name: '钱丽', role: '行政负责人', phone: '13911112222', is_primary: 0 },
      { name: '孙浩', role: '主要使用人', phone: '0512-66001234-801', is_primary: 0 },
    ]);
  });

  it('holidays: 上班/休息 words; an unknown kind is line 3, column kind', async () => {
    await load('holidays', 'holidays-2027.csv');
    expect(query('SELECT * FROM calendar_override ORDER BY date')).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'workday', name: '春节调休' },
    ]);
    expect(await problemsOf('holidays', 'holidays-bad-kind.csv')).toEqual([
      `${fixture('holidays-bad-kind.csv')}:3: kind: unknown kind "maybe"; write workday or holiday (上班/休息)`,
    ]);
  });
});
