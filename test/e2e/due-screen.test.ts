// `due` on her screen (issue 12 #5–#9): the demo store's list laid out for 80, 100 and 160 columns, the top of a long list, her own list, the call sheet; on SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, BIN, copyOfStore, demoStore, hasScript, runCli, storeKinds, tempDir } from '../helpers.js';

const TODAY = '2026-11-24';

interface Item {
  rank: number;
  customer: { code: string; name: string; owner: string };
  contact: { phone: string };
}

describe.each(storeKinds)('on %s', (kind) => {
  let db: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--db', db, '--today', TODAY, ...args], { env });
  const items = (args: string[] = [], env: NodeJS.ProcessEnv = {}): Item[] => {
    const r = cli(['due', '--json', '--reveal', ...args], env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { items: Item[] }).items;
  };

  beforeAll(() => {
    // Not tempDir(): that one is emptied after each test, and every test here reads the same demo store.
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'huifang-screen-'));
    db = demoStore(kind, TODAY, dir);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('due fits the terminal (issue 12 #5)', () => {
    for (const lang of ['zh', 'en']) {
      for (const width of [80, 100, 160]) {
        it(`${lang} at ${width} columns: every line within ${width}, one line per customer, the summary above and below`, () => {
          const all = items();
          expect(all.length).toBeGreaterThan(60); // the demo store's list is long: 73 on this day
          const r = cli(['--lang', lang, 'due'], { COLUMNS: String(width) });
          expect(r.code, r.stderr).toBe(0);
          const lines = r.stdout.trimEnd().split('\n');
          for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
          // One line per customer: the line starting with its rank and code, and no other line naming the code.
          for (const it of all) {
            const mine = lines.filter((l) => l.includes(it.customer.code));
            expect(mine, it.customer.code).toHaveLength(1);
            expect(mine[0]).toMatch(new RegExp(`^ *${it.rank}  ${it.customer.code}  `));
          }
          // Each customer's phone in full (the terminal view she dials from), next to a CJK name or its head.
          const first = all[0] as Item;
          const line = lines.find((l) => l.includes(first.customer.code)) as string;
          expect(line).toContain(first.contact.phone);
          expect(line).toContain(first.customer.name.slice(0, 4));
          const summary = lang === 'zh' ? /^共 \d+ 位客户、\d+ 项回访：逾期 \d+ 位，需主管关注 \d+ 位$/ : /^\d+ customers, \d+ follow-ups: \d+ overdue, \d+ escalated$/;
          const summaries = lines.map((l, i) => [l, i] as const).filter(([l]) => summary.test(l));
          expect(summaries).toHaveLength(2);
          const header = lines.findIndex((l) => l.startsWith(' #  '));
          expect(summaries[0]?.[1]).toBe(header - 1); // above the table
          expect(summaries[1]?.[1]).toBeGreaterThan(header + all.length); // below it
        });
      }
    }

    it('drops the least important columns first: urgency goes before the channel, the phone never', () => {
      const at = (width: number) => cli(['--lang', 'en', 'due'], { COLUMNS: String(width) }).stdout.split('\n').find((l) => l.startsWith(' #  ')) as string;
      expect(at(80)).not.toMatch(/Urgency|Channel|Tier/);
      expect(at(80)).toMatch(/Phone.*Purpose.*When/);
      expect(at(100)).toMatch(/Tier.*Channel.*Issues/);
      expect(at(100)).not.toContain('Urgency');
      // --wide: everything, whatever the width.
      const wide = cli(['--lang', 'en', 'due', '--wide'], { COLUMNS: '80' }).stdout;
      expect(wide).toMatch(/Stage.*Last visit.*Due.*Tries.*Urgency/);
      expect(wide).toContain('second call after delivery FH2026-'); // full purposes with their refs
      expect(wide).not.toContain('left out');
    });

    it('with no width known (no terminal, no COLUMNS), lays the list out for 80 columns', () => {
      const lines = cli(['--lang', 'zh', 'due']).stdout.trimEnd().split('\n');
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
      expect(lines.some((l) => stringWidth(l) > 70)).toBe(true);
    });
  });

  describe('the first screen is a plan (issue 12 #6)', () => {
    it('on a 24-line screen shows the top of the list and says how many more and how to see them', () => {
      const all = items();
      const r = cli(['--lang', 'en', 'due'], { COLUMNS: '80', LINES: '24' });
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(23); // one line left for the prompt
      const shown = lines.filter((l) => /^ *\d+  KH\d{4}  /.test(l)).length;
      expect(shown).toBeGreaterThanOrEqual(10);
      expect(r.stdout).toContain(`${all.length - shown} more not shown: add --limit ${all.length} to list them all`);
      // The top is the top: ranks 1…shown in order.
      expect(lines.filter((l) => /^ *\d+  KH/.test(l)).map((l) => Number(l.trim().split(' ')[0]))).toEqual([...Array(shown).keys()].map((i) => i + 1));
    });

    it('--limit N asks for N: no cut, and piped output is never paged', () => {
      const all = items();
      const r = cli(['--lang', 'en', 'due', '--limit', String(all.length)], { COLUMNS: '80', LINES: '24', PAGER: 'sed s/^/PAGED:/' });
      expect(r.stdout.split('\n').filter((l) => /^ *\d+  KH\d{4}  /.test(l))).toHaveLength(all.length);
      expect(r.stdout).not.toContain('PAGED:');
      expect(r.stdout).not.toContain('not shown');
    });
  });

  describe.skipIf(!hasScript)('in a pseudo-terminal of 80 × 24, as a clerk sees it (util-linux `script`)', () => {
    const inPty = (args: string, env: NodeJS.ProcessEnv = {}) => answer(`stty cols 80 rows 24; node ${BIN} --db ${db} --today ${TODAY} ${args}`, [], env);

    for (const lang of ['zh', 'en']) {
      it(`${lang}: the width comes from the terminal, every line within 80 columns, the top of the list on one screen`, async () => {
        const { code, screen } = await inPty(`--lang ${lang} due`);
        expect(code).toBe(0);
        const lines = screen.split(/\r?\n/).filter((l) => l !== '');
        for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
        expect(lines.length).toBeLessThanOrEqual(23);
        expect(lines.filter((l) => /^ *\d+  KH\d{4}  /.test(l)).length).toBeGreaterThanOrEqual(10);
        expect(screen).toContain(lang === 'zh' ? '加 --limit 73 列出全部' : 'add --limit 73 to list them all');
      });
    }

    it('a longer list goes through $PAGER; --no-pager prints it; a missing pager prints it too', async () => {
      const paged = await inPty('--lang en due --limit 73', { PAGER: 'sed s/^/PAGED:/' });
      expect(paged.code).toBe(0);
      expect(paged.screen.split(/\r?\n/).filter((l) => /^PAGED: *\d+  KH\d{4}  /.test(l))).toHaveLength(73);
      const plain = await inPty('--lang en due --limit 73 --no-pager', { PAGER: 'sed s/^/PAGED:/' });
      expect(plain.screen).not.toContain('PAGED:');
      expect(plain.screen.split(/\r?\n/).filter((l) => /^ *\d+  KH\d{4}  /.test(l))).toHaveLength(73);
      const missing = await inPty('--lang en due --limit 73', { PAGER: '/no/such/pager' });
      expect(missing.code).toBe(0);
      expect(missing.screen.split(/\r?\n/).filter((l) => /^ *\d+  KH\d{4}  /.test(l))).toHaveLength(73);
    });
  });

  describe('her own list by default (issue 12 #7)', () => {
    it('--user naming a clerk shows her list, as --staff does, and says so; --all shows everyone', () => {
      const all = items();
      const hers = items([], { HUIFANG_USER: '王芳' });
      expect(hers.length).toBeGreaterThan(0);
      expect(hers.length).toBeLessThan(all.length);
      expect(hers.map((x) => x.customer.code)).toEqual(items(['--staff', '王芳']).map((x) => x.customer.code));
      for (const x of hers) expect(x.customer.owner).toBe('王芳');
      const json = JSON.parse(cli(['due', '--json'], { HUIFANG_USER: '王芳' }).stdout) as { staff: string | null };
      expect(json.staff).toBe('王芳');
      const table = cli(['--lang', 'zh', '--user', '王芳', 'due'], { COLUMNS: '100' }).stdout;
      expect(table).toContain('王芳 的回访清单（--all 看所有人的）');
      expect(items(['--all'], { HUIFANG_USER: '王芳' })).toHaveLength(all.length);
      expect(cli(['--lang', 'zh', '--user', '王芳', 'due', '--all']).stdout).not.toContain('王芳 的回访清单');
    });

    it('a supervisor sees everything; a name not on the staff list gets everyone’s list, said so', () => {
      const copy = copyOfStore(db);
      const on = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--db', copy, '--today', TODAY, ...args], { env });
      expect(on(['staff', 'set', '李娜', '--role', 'supervisor']).code).toBe(0);
      const count = (env: NodeJS.ProcessEnv) => (JSON.parse(on(['due', '--json'], env).stdout) as { items: unknown[] }).items.length;
      expect(count({ HUIFANG_USER: '李娜' })).toBe(count({}));
      expect(on(['--lang', 'en', 'due'], { HUIFANG_USER: '李娜' }).stdout).toContain("Supervisor 李娜: everyone's list");
      expect(count({ HUIFANG_USER: '路人甲' })).toBe(count({}));
      expect(on(['--lang', 'en', 'due'], { HUIFANG_USER: '路人甲' }).stdout).toContain('路人甲 is not on the staff list');
    });
  });

  describe('due --print: a call sheet to take away (issue 12 #9)', () => {
    it('her own list: full numbers, outcome boxes, a signature line, 80 columns', () => {
      const hers = items([], { HUIFANG_USER: '王芳' });
      const r = cli(['--lang', 'zh', 'due', '--print'], { HUIFANG_USER: '王芳' });
      expect(r.code, r.stderr).toBe(0);
      for (const line of r.stdout.trimEnd().split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
      for (const x of hers) expect(r.stdout).toContain(x.contact.phone); // in full, as --json --reveal gives it
      expect(hers[0]?.contact.phone).toMatch(/^\d{3,4}-?\d+$/);
      expect(r.stdout.match(/结果：□接通 □无人接听 □占线 □空号\/错号 □拒访 □留言/g)).toHaveLength(hers.length);
      expect(r.stdout).toMatch(/回访人签字：_+ +日期：_+\n$/);
      expect(r.stdout.split('\n')[0]).toMatch(/^回访单 · 王芳 · 2026-11-24 星期二/);
    });

    it('everyone’s list is masked unless --reveal; a file is written readable by her only', () => {
      const masked = cli(['--lang', 'en', 'due', '--print']).stdout;
      expect(masked).toMatch(/\d{3}\*{4}\d{4}/);
      expect(masked).not.toMatch(/\b1\d{10}\b/);
      expect(cli(['--lang', 'en', 'due', '--print', '--reveal']).stdout).toMatch(/\b1\d{10}\b/);
      const file = path.join(tempDir(), 'sheet.txt');
      const r = cli(['--lang', 'en', 'due', '--print', file], { HUIFANG_USER: '王芳' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8')).toMatch(/^Call sheet · 王芳 · /);
      expect(cli(['due', '--print', '--json']).code).toBe(3);
    });
  });

  describe('customer list --search (issue 12 #8)', () => {
    const codes = (term: string, ...more: string[]) => {
      const r = cli(['customer', 'list', '--json', '--search', term, ...more]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { code: string }[]).map((c) => c.code);
    };
    it('finds by the code typed any way, any part of the name, a contact’s name or part of a phone', () => {
      expect(codes('ＫＨ００４５')).toEqual(['KH0045']);
      expect(codes('kh004')).toEqual(['KH0040', 'KH0041', 'KH0042', 'KH0043', 'KH0044', 'KH0045', 'KH0046', 'KH0047', 'KH0048', 'KH0049']);
      expect(codes('远泰计量')).toEqual(['KH0045']);
      expect(codes('史鑫')).toEqual(['KH0045']);
      expect(codes('57309487')).toEqual(['KH0045']);
      expect(codes('不存在的客户')).toEqual([]);
      // With the other filters.
      const named = codes('计量');
      expect(named.length).toBeGreaterThan(3);
      expect(codes('计量', '--tier', 'C').length).toBeLessThan(named.length);
    });
  });
});
