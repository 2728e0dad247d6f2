// Chinese users first (COMMON, INTERFACE --lang): every command's table output and messages in zh carry no English words outside data; on SQLite and PostgreSQL.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, newStore, runCli, storeKinds, tempDir } from '../helpers.js';
import { BUILT_IN_RULE_IDS, defaultPolicy } from '../../src/domain/policy.js';
import { CHANNELS, KNOWN_EVENT_TYPES, OUTCOMES } from '../../src/domain/vocabulary.js';

const TODAY = '2026-11-23';

/**
 * What may stay in Latin letters in Chinese output, each removed before looking for English words:
 * - things the user types: command examples (`huifang …` up to the sentence's end), options and their
 *   `a|b|c` values, the list after 可选：, a value quoted back in “…”;
 * - data: a store's URL (postgres://…), file and folder names, codes and references (KH0045, FH2026-00365, HF-TB), tiers (one letter);
 * - names that are not English words: date formats, acronyms and environment variables in capitals
 *   (CSV, UTF-8, KB, HUIFANG_DB), Excel, SQLite and PostgreSQL, the policy's rule ids (the keys of `policy export`, shown
 *   beside a translated purpose).
 * Help pages also name what is typed: the command, option and argument column, and the values an
 * option takes (event types, channels, kinds…) in its description.
 */
const RULE_IDS = new Set([...defaultPolicy().rules.map((r) => r.id), ...BUILT_IN_RULE_IDS]);
const DATA: RegExp[] = [
  /postgres(?:ql)?:\/\/[^\s，。；：（）“”]+/g,
  /(?:\bnode \S*?)?huifang(?:[^，。；（）\n]|\n +)*/g, // `node bin/huifang.js …` too; a help description wrapped mid-example continues on an indented line
  /YYYY(?:-MM(?:-DD)?)?|HH:mm/g,
  /[\w.-]+\.(?:csv|json|xlsx|db)\b|[\w.-]+\//g,
  /--?[a-z][a-z-]*(?:[ =]<[^>]*>|[ =][a-z_]+(?:\|[a-z_]+)+)?/g,
  /<[^>]*>|\[[^\]]*\]/g,
  /[a-z_0-9]+(?:\|[a-z_0-9]+)+/g,
  /可选：[^（。\n]*/g,
  /“[^”]*”/g,
  /(?:\/[^\s：:，。]+)+/g,
  /\b[A-Z]{1,5}[0-9][\w-]*|\b[A-Z]{2,5}-[\w-]+/g,
  /\b[A-Z][A-Z0-9_]+\b/g,
  /\b(?:Excel|SQLite|PostgreSQL)\b/g,
  /YYYY(?:-MM(?:-DD)?)?|HH:mm/g,
];

const TYPED = new Set([
  ...KNOWN_EVENT_TYPES, ...CHANNELS, ...OUTCOMES, 'customers', 'contacts', 'events', 'visits', 'holidays', 'auto', 'utf8', 'gbk',
  'zh', 'en', 'clerk', 'supervisor', 'none', 'staff', 'key', 'show', 'export', 'import',
]);

function helpWords(text: string): string[] {
  // The term column (commands, options, arguments) is what is typed; descriptions start after two spaces.
  return englishWords(text.replace(/^ {2}\S.*?(?: {2,}|$)/gm, ' ')).filter((w) => !TYPED.has(w));
}

function englishWords(text: string): string[] {
  let rest = text;
  for (const re of DATA) rest = rest.replace(re, ' ');
  return (rest.match(/[A-Za-z][A-Za-z0-9_]+/g) ?? []).filter((w) => !RULE_IDS.has(w));
}

describe.each(storeKinds)('on %s', (kind) => {
  describe('Chinese mode says everything in Chinese (issue 9 point 13)', () => {
    it('every command, on the demo store, with its messages and notes', () => {
      const dir = tempDir();
      const db = newStore(kind, dir, 'demo.db');
      const found: Record<string, string[]> = {};
      const checkAt = (store: string, ...args: string[]) => {
        const r = runCli(['--db', store, '--today', TODAY, '--lang', 'zh', ...args]);
        const words = (args.includes('--help') ? helpWords : englishWords)(`${r.stdout}\n${r.stderr}`);
        if (words.length) found[args.join(' ')] = [...new Set(words)];
        return r;
      };
      const check = (...args: string[]) => checkAt(db, ...args);
      if (kind === 'sqlite') {
        expect(check('demo').code).toBe(0);
      } else {
        // demo writes only a local file: on PostgreSQL it is copied onto the server, and copy speaks Chinese too.
        const file = path.join(dir, 'demo-file.db');
        expect(checkAt(file, 'demo').code).toBe(0);
        expect(checkAt(file, 'copy', file, db).code).toBe(0);
      }
      const commands: string[][] = [
        ['customer', 'list'],
        ['customer', 'show', 'KH0045'],
        ['customer', 'add', 'X1', '--name', '测试', '--phone', '13800001111', '--tags', '重点'],
        ['customer', 'set', 'X1', '--tier', 'A'],
        ['customer', 'show', 'X1'],
        ['customer', 'remove', 'X1'],
        ['event', 'add', 'KH0045', '--type', 'order', '--date', '2026-11-20', '--amount', '1000'],
        ['due'],
        ['due', '--days', '7', '--greetings'],
        ['due', '--explain', 'KH0045'],
        ['log', 'KH0047', '--outcome', 'reached', '--score', '3', '--issue', '重要:交付:备件交付延迟:供应链部', '--need', '扩产', '--yes'],
        ['log', 'KH0219', '--outcome', 'no_answer', '--yes'],
        ['plan'],
        ['plan', '--month', '2026-10'],
        ['issue', 'list'],
        ['issue', 'show', '1'],
        ['issue', 'respond', '1', '--note', '已转'],
        ['task', 'reschedule', '1', '--to', '2026-12-01', '--reason', '客户要求'],
        ['task', 'cancel', '2', '--reason', '重复'],
        ['report'],
        ['report', '--by', 'tier'],
        ['report', '--by', 'channel'],
        ['report', '--month', '2026-11'],
        ['audit', 'sample', '--month', '2026-10'],
        ['audit', 'record', '1', '--result', 'confirmed'],
        ['policy', 'show'],
        ['calendar', 'show'],
        ['calendar', 'show', '--year', '2030'],
        ['calendar', 'import', path.join(CASES, 'holidays-2027.csv')],
        ['staff', 'set', '王芳', '--role', 'supervisor', '--capacity', '20'],
        ['staff', 'list'],
        ['backup', path.join(dir, 'copy.db')],
        ['doctor'],
        ['import', 'customers', path.join(CASES, 'customers-unknown-column.csv')],
        ['import', 'customers', path.join(CASES, 'customers-all-bad.csv')],
        ['import', 'customers', '--dry-run', path.join(CASES, 'customers-utf8-bom.csv')],
        ['import', 'visits', path.join(CASES, 'visits-bad-score.csv')],
        ['import', 'events', path.join(CASES, 'events-unknown-customer.csv')],
        ['bogus'],
        ['custmer', 'list'],
        ['due', '--bogus'],
      ];
      for (const args of commands) check(...args);
      const helps = ['', 'init', 'demo', 'import', 'customer', 'customer list', 'customer show', 'customer add', 'customer set', 'event add', 'due', 'log', 'plan', 'task reschedule', 'issue list', 'report', 'audit sample', 'audit record', 'policy', 'calendar show', 'staff set', 'backup', 'doctor'];
      for (const h of helps) check(...h.split(' ').filter(Boolean), '--help');
      expect(found).toEqual({});
    }, 120_000);
  });

  describe('words that were wrong, one by one (issue 9 point 13)', () => {
    function fixtureStore() {
      const dir = tempDir();
      const db = newStore(kind, dir);
      const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, ...args]);
      expect(cli('init').code).toBe(0);
      for (const [what, file] of [['customers', 'customers-utf8-bom.csv'], ['events', 'events-good.csv'], ['visits', 'visits-good.csv']]) {
        expect(cli('import', what as string, path.join(CASES, file as string)).code).toBe(0);
      }
      return { dir, cli };
    }

    it('staff list and calendar show name their own name column (not 客户名称 / "Customer")', () => {
      const { cli } = fixtureStore();
      expect(cli('--lang', 'zh', 'staff', 'list').stdout.trimStart()).toMatch(/^姓名 +职务/);
      const calendar = cli('--lang', 'en', 'calendar', 'show', '--year', '2026').stdout;
      expect(calendar).toMatch(/Kind +Name +Source/);
      expect(calendar).not.toContain('Customer');
    });

    it('report --by channel names channels in the language; --json keeps the codes', () => {
      const { cli } = fixtureStore();
      // May 2026: C002's on-site visit of 05-09 (visits-good.csv) is the only call.
      expect(cli('--lang', 'zh', 'report', '--month', '2026-05', '--by', 'channel').stdout).toMatch(/\n 上门 +/);
      const json = JSON.parse(cli('--lang', 'zh', 'report', '--month', '2026-05', '--by', 'channel', '--json').stdout) as { rows: { key: string }[] };
      expect(json.rows.map((r) => r.key)).toContain('onsite');
    });

    it('the detail CSV names the tasks a visit did by their purpose, not their rule id', () => {
      const { cli } = fixtureStore();
      // C001's delivery of 03-01 plans the first call at +1 month (04-01); its window opens at the delivery,
      // so the reached call of 03-10 does it (SPEC §3.0, §3.2).
      const csv = cli('--lang', 'zh', 'report', '--month', '2026-03', '--csv', '--detail').stdout;
      expect(csv).toContain('送货后首次回访：使用情况、操作培训');
      expect(csv).not.toContain('first_call');
    });

    it('customer show --json says task purposes in the language asked for', () => {
      const { cli } = fixtureStore();
      const en = JSON.parse(cli('--lang', 'en', 'customer', 'show', 'C001', '--json').stdout) as { open_tasks: { rule: string; purpose: string }[] };
      expect(en.open_tasks.length).toBeGreaterThan(0);
      for (const t of en.open_tasks) expect(t.purpose).not.toMatch(/\p{Script=Han}/u);
      const zh = JSON.parse(cli('--lang', 'zh', 'customer', 'show', 'C001', '--json').stdout) as { open_tasks: { rule: string; purpose: string }[] };
      expect(zh.open_tasks.find((t) => t.rule === 'routine')?.purpose).toBe('例行回访');
    });

    it('an import note lists the known columns in the language; an unknown command is said once', () => {
      const { cli } = fixtureStore();
      const note = cli('--lang', 'zh', 'import', 'customers', path.join(CASES, 'customers-unknown-column.csv')).stderr;
      expect(note).toContain('传真: 未知的列，已忽略（可识别的列：客户编号、客户名称、等级、');
      const r = cli('--lang', 'zh', 'custmer', 'list');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('未知命令 “custmer”。\n是不是要输入 “customer”？\n运行 node bin/huifang.js --help 查看用法。\n');
    });
  });
});
