// Golden tests (hledger style): every output a user reads, in both languages, compared byte for byte
// with the files under test/golden/ so a refactor that changes no behaviour changes no byte.
// Update them after a deliberate change with `UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts`,
// then read the diff before committing it. Both stores print the same bytes: the outputs of the store on
// PostgreSQL are compared with the same files (an update writes them from SQLite, then PostgreSQL is held to them).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, CUSTOMERS_RECORDED_ON, copyOfStore, newStore, ROOT, runCli, storeKinds } from '../helpers.js';

const GOLDEN = path.join(ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** The day of the calls logged below; the goldens are read the next working day, when all three customers are due. */
const LOGGED_ON = '2026-11-23';
const TODAY = '2026-11-24';
/** The report is of November, a closed month, so every figure is final (run on the first of December). */
const REPORT_DAY = '2026-12-01';
/**
 * Whatever the machine and the hour: --today fixes the day, but a record's `recorded_at` and an open
 * issue's clock still read the time of day, so the clock is pinned too (fixed-clock.mjs).
 */
const ENV = {
  TZ: 'UTC',
  LANG: 'C',
  COLUMNS: '120',
  NO_COLOR: '1',
  NODE_OPTIONS: `--import=${pathToFileURL(path.join(import.meta.dirname, 'fixed-clock.mjs')).href}`,
};

type Lang = 'zh' | 'en';
/** One golden file: its name (without the language), the command that prints it, and in which languages. */
const OUTPUTS: { name: string; args: string[]; today?: string; langs?: Lang[] }[] = [
  { name: 'due.txt', args: ['due'] },
  { name: 'due.json', args: ['due', '--json'] },
  { name: 'due.csv', args: ['due', '--csv'] },
  { name: 'due-explain-C001.txt', args: ['due', '--explain', 'C001'] },
  { name: 'due-explain-C001.json', args: ['due', '--explain', 'C001', '--json'] },
  { name: 'due-explain-C002.txt', args: ['due', '--explain', 'C002'] },
  { name: 'plan.txt', args: ['plan'] },
  { name: 'plan.json', args: ['plan', '--json'] },
  { name: 'plan.csv', args: ['plan', '--csv'] },
  { name: 'report.txt', args: ['report'], today: REPORT_DAY },
  { name: 'report.json', args: ['report', '--json'], today: REPORT_DAY },
  { name: 'report.csv', args: ['report', '--csv'], today: REPORT_DAY },
  { name: 'report-by-week.txt', args: ['report', '--by', 'week'], today: REPORT_DAY },
  { name: 'report-detail.csv', args: ['report', '--csv', '--detail'], today: REPORT_DAY },
  { name: 'report-weekly.csv', args: ['report', '--csv', '--weekly'], today: REPORT_DAY },
  { name: 'customer-show-C002.txt', args: ['customer', 'show', 'C002'] },
  { name: 'customer-show-C002.json', args: ['customer', 'show', 'C002', '--json'] },
  { name: 'issue-list.txt', args: ['issue', 'list'] },
  { name: 'issue-list.json', args: ['issue', 'list', '--json'] },
];

const CASES_BY_LANG = (['zh', 'en'] as const).flatMap((lang) =>
  OUTPUTS.filter((o) => (o.langs ?? [lang]).includes(lang)).map((o) => ({ ...o, lang, file: o.name.replace(/\.(\w+)$/, `.${lang}.$1`) })),
);

describe.each(storeKinds)('on %s', (kind) => {
  let db: string;
  /** A copy for the report: a command run in December may extend the plan, which must not reach the November outputs. */
  let reportDb: string;
  const cli = (today: string, ...args: string[]) => {
    const r = runCli(['--db', today === REPORT_DAY ? reportDb : db, '--today', today, ...args], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    return r;
  };

  /**
   * The fixture store of the e2e tests (fixtures/cases, customers recorded on 2025-06-01), then the
   * state changes a report is about: a reached call with a low score that raises two issues (one answered
   * and resolved but not yet confirmed, one urgent left open, late to respond on the day the goldens are
   * read), and a call that did not get through.
   */
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-golden-'));
    db = newStore(kind, dir, 'golden.db');
    reportDb = path.join(dir, 'report.db');
    cli(LOGGED_ON, 'init');
    cli(CUSTOMERS_RECORDED_ON, 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv'));
    for (const what of ['contacts', 'events', 'visits']) cli(LOGGED_ON, 'import', what, path.join(CASES, `${what}-good.csv`));
    cli(LOGGED_ON, 'import', 'holidays', path.join(CASES, 'holidays-2027.csv'));
    cli(LOGGED_ON, 'log', 'C002', '--staff', '李娜', '--outcome', 'reached', '--respondent', 'self', '--score', '2', '--feedback', '备件迟迟不到', '--issue', 'important:delivery:spare parts late', '--issue', '紧急:产品:校准仪读数漂移:技术部', '--need', '加购校准套件', '--at', `${LOGGED_ON} 10:30`, '--yes');
    cli(LOGGED_ON, 'log', 'C003', '--staff', '张伟', '--outcome', 'no_answer', '--at', `${LOGGED_ON} 09:40`, '--yes');
    cli(LOGGED_ON, 'issue', 'respond', '1', '--note', 'called back', '--at', `${LOGGED_ON} 15:00`);
    cli(LOGGED_ON, 'issue', 'resolve', '1', '--note', 'parts shipped', '--at', `${LOGGED_ON} 16:30`);
    cli(LOGGED_ON, 'backup', reportDb);
    // On PostgreSQL the report runs on a database of its own (backup made a SQLite file): a copy of the store.
    if (kind === 'postgres') reportDb = copyOfStore(db);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('golden outputs (test/golden/)', () => {
    it.each(CASES_BY_LANG)('$file', ({ file, args, lang, today }) => {
      const out = cli(today ?? TODAY, '--lang', lang, ...args).stdout;
      const golden = path.join(GOLDEN, file);
      if (UPDATE && kind === 'sqlite') {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(golden, out);
        return;
      }
      expect(fs.existsSync(golden), `${golden} is missing: UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts`).toBe(true);
      // A string comparison, so a difference is shown as a line diff (CR and the BOM included).
      expect(out, `huifang --lang ${lang} ${args.join(' ')} on ${kind} differs from test/golden/${file}`).toBe(fs.readFileSync(golden, 'utf8'));
    });
  });
});

describe('test/golden/', () => {
  it('holds no file that no case writes (a dropped case takes its golden with it)', () => {
    const expected = CASES_BY_LANG.map((c) => c.file).sort();
    const stale = fs.readdirSync(GOLDEN).filter((f) => !expected.includes(f));
    if (UPDATE) for (const f of stale) fs.rmSync(path.join(GOLDEN, f));
    else expect(stale).toEqual([]);
  });
});
