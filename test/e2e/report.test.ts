// `huifang report` on the fixture store: figures worked out by hand from fixtures/cases (SPEC §3.8); on SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASES, CUSTOMERS_RECORDED_ON, newStore, runCli, storeKinds, tempDir } from '../helpers.js';

const TODAY = '2026-11-23';
let dir: string;
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, ...args]);
const report = (...args: string[]) => {
  const r = cli('report', '--json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
};

describe.each(storeKinds)('on %s', (kind) => {
  beforeEach(() => {
    dir = tempDir();
    db = newStore(kind, dir);
    expect(cli('init').code).toBe(0);
    expect(runCli(['--db', db, '--today', CUSTOMERS_RECORDED_ON, 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    for (const [what, file] of [['events', 'events-good.csv'], ['visits', 'visits-good.csv']]) {
      expect(cli('import', what as string, path.join(CASES, file as string)).code).toBe(0);
    }
  });

  describe('report --json (INTERFACE.md)', () => {
    it('May 2026: the complaint visit and callback, both done by the on-site visit of 05-09', () => {
      const r = report('--month', '2026-05');
      expect(r.period).toEqual({ from: '2026-05-01', to: '2026-05-31' });
      // adhoc (complaint 05-06, deadline 05-08) done 05-09: 1 day late; complaint callback (due 05-09,
      // deadline 05-11) done 05-09: on time.
      expect(r.overall).toMatchObject({ planned: 2, done: 2, coverage: 1, on_time: 1, on_time_rate: 0.5, avg_days_late: 0.5, reach_rate: 1 });
      expect(r.overall.satisfaction).toEqual({ mean: 4, n: 1, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 }, csat: 1 });
      expect(r.overall.issues).toEqual({
        raised: 0,
        responded_in_sla: 0,
        resolved_in_sla: 0,
        open: 0,
        open_by_age: { '0-3': 0, '4-7': 0, '8-30': 0, '30+': 0 },
      });
      // One clerk: 李娜. Score: completion 1 × 0.4 + satisfaction 4/5 × 0.3, over 0.7 (no issues) = 91.4.
      expect(r.rows.map((x: { key: string; score: number }) => [x.key, x.score])).toEqual([['李娜', 91.4]]);
    });

    it('April 2026: a month with only a failed attempt; a task done in March still counts as done', () => {
      const r = report('--month', '2026-04');
      // Due in April: C001's first call (04-01, done by the 03-10 call) and routine (04-10, open).
      expect(r.overall).toMatchObject({ planned: 2, done: 1, coverage: 0.5, on_time_rate: 1, reach_rate: 0 });
      expect(r.overall.satisfaction.mean).toBeNull();
    });

    it('an empty period gives zeros and nulls, not errors', () => {
      const r = report('--from', '2025-01-01', '--to', '2025-01-31');
      expect(r.overall).toMatchObject({ planned: 0, done: 0, coverage: null, on_time_rate: null, reach_rate: null });
      expect(r.rows).toEqual([]);
    });

    it('a closed month gives the same figures when run later, after more activity', () => {
      const before = report('--month', '2026-05');
      expect(cli('event', 'add', 'C002', '--type', 'order', '--date', '2026-06-05', '--ref', 'DD-77').code).toBe(0);
      expect(cli('log', 'C002', '--outcome', 'reached', '--score', '5', '--at', '2026-06-03 10:00', '--issue', 'general:service:later problem').code).toBe(0);
      expect(report('--month', '2026-05')).toEqual(before);
    });

    it('the trend agrees with the month figures: the value under the last month is the month’s own', () => {
      const lines = cli('report', '--month', '2026-05').stdout.split('\n');
      // May: coverage 100% and satisfaction 4 (see the first test); the trend's last point is May. A
      // chart is its title, the rows of bars and the target line, the months, then the values.
      const last = (title: string) => {
        const at = lines.findIndex((l) => l.startsWith(`  ${title}, target`));
        const months = lines.findIndex((l, i) => i > at && /^ +\d\d-\d\d /.test(l));
        expect(lines[months]?.trim().split(/ +/).at(-1)).toBe('26-05');
        return lines[months + 1]?.trim().split(/ +/).at(-1);
      };
      expect(last('Coverage')).toBe('100.0%');
      expect(last('Satisfaction')).toBe('4');
    });

    it('--compare (issue 13 §5): the change of each figure against the previous month, in fractions like the rates', () => {
      const r = report('--month', '2026-05', '--compare');
      // April (see above): planned 2, done 1, coverage 0.5, on time 1, no score. May: coverage 1, on time 0.5, satisfaction 4.
      expect(r.compare.period).toEqual({ from: '2026-04-01', to: '2026-04-30' });
      expect(r.compare.overall).toMatchObject({ planned: 2, done: 1, coverage: 0.5, on_time_rate: 1 });
      expect(r.compare.change).toMatchObject({ planned: 0, done: 1, coverage: 0.5, on_time_rate: -0.5 });
      expect(r.compare.change.satisfaction.mean).toBeNull();
      expect(r.targets.find((x: { name: string }) => x.name === 'coverage')).toMatchObject({ value: 1, previous: 0.5, change: 0.5 });
      // Without --compare, nothing of it.
      expect(report('--month', '2026-05').compare).toBeUndefined();
    });

    it('--compare in the table and the CSV: previous value and change, a rate’s change in points', async () => {
      const table = cli('report', '--month', '2026-05', '--compare').stdout;
      expect(table).toMatch(/ Coverage +100\.0% +50\.0% +\+50\.0 +≥ 98\.0% /);
      expect(table).toMatch(/ On time +50\.0% +100\.0% +-50\.0 +≥ 95\.0% /);
      expect(table).toContain('Compared with 2026-04-01 to 2026-04-30');
      const { parse } = await import('csv-parse/sync');
      const rows = parse(cli('report', '--csv', '--month', '2026-05', '--compare').stdout.slice(1), { record_delimiter: '\r\n' }) as string[][];
      const header = rows[0] as string[];
      const cell = (row: number, column: string) => rows[row]?.[header.indexOf(column)];
      // Rows: 李娜, Total, the previous period's total (with April's dates), the change.
      expect(rows.map((r) => r[3])).toEqual(['By staff', '李娜', 'Total', 'Previous period total', 'Change']);
      expect([cell(3, 'Period from'), cell(3, 'Period to'), cell(3, 'Coverage')]).toEqual(['2026-04-01', '2026-04-30', '50.0%']);
      expect([cell(4, 'Coverage'), cell(4, 'On time'), cell(4, 'Planned'), cell(4, 'Coverage target')]).toEqual(['+50.0%', '-50.0%', '0', '']);
    });

    it('--compare with an export of records is refused in one sentence, nothing written', () => {
      const r = cli('report', '--month', '2026-05', '--compare', '--csv', '--detail');
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe('--compare sets the figures against the previous period; the --detail and --weekly exports have no figures to compare.');
    });

    it('--detail and --weekly choose what an export holds: with the table, --json or --html they are refused (exit 2), nothing written', () => {
      const page = path.join(tempDir(), 'report.html');
      for (const [args, option] of [
        [['--detail'], '--detail'],
        [['--json', '--weekly'], '--weekly'],
        [['--html', '--out', page, '--detail'], '--detail'],
      ] as const) {
        const r = cli('report', '--month', '2026-05', ...args);
        expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
          code: 2,
          stdout: '',
          stderr: `${option} chooses what the --csv or --xlsx export holds: add one of them (the table, --json and --html always show each clerk's weekly calls, and the low scores).\n`,
        });
      }
      expect(fs.existsSync(page)).toBe(false);
    });

    it('--by week (INTERFACE.md): one row per ISO week, the figures of the days inside the period', () => {
      // May 2026: the adhoc visit due 05-06 (Wed) and the complaint callback due Sat 05-09 (a 调休 working
      // day), both done by the visit of 05-09. Mon 2026-05-04 is 126 days (18 weeks) after Mon 2025-12-29,
      // the start of 2026-W01, so all three fall in 2026-W19.
      const r = report('--month', '2026-05', '--by', 'week');
      expect(r.rows.map((x: { key: string; planned: number; done: number; attempts: number }) => [x.key, x.planned, x.done, x.attempts])).toEqual([['2026-W19', 2, 2, 1]]);
    });

    it('defaults to the last full month', () => {
      expect(report().period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    });
  });

  describe('edge cases of the figures', () => {
    it('a rescheduled task still counts in the month it was due, and a later call does not make it done there', () => {
      const july = () => report('--month', '2025-07').overall;
      // C003's routine call was due 2025-07-21 (since 2025-01-20 + 6 months, moved off a Sunday).
      expect(july()).toMatchObject({ planned: 1, done: 0, coverage: 0 });
      const task = (JSON.parse(cli('plan', '--month', '2025-07', '--json').stdout) as { tasks: { id: number }[] }).tasks[0];
      expect(cli('task', 'reschedule', String(task?.id), '--to', '2026-11-24', '--reason', '客户要求').code).toBe(0);
      expect(cli('log', 'C003', '--outcome', 'reached', '--score', '5', '--at', '2026-11-23 10:00').code).toBe(0);
      expect(july()).toMatchObject({ planned: 1, done: 0, coverage: 0 });
    });

    it('an amended visit: the report uses the correction', () => {
      const first = JSON.parse(cli('log', 'C002', '--outcome', 'reached', '--score', '2', '--at', '2026-10-12 10:00', '--json').stdout) as { id: number };
      const before = report('--month', '2026-10');
      expect(before.overall.satisfaction).toMatchObject({ mean: 2, n: 1 });
      expect(before.low_scores.map((v: { score: number }) => v.score)).toEqual([2]);
      expect(cli('log', '--amend', String(first.id), '--score', '5').code).toBe(0);
      const after = report('--month', '2026-10');
      expect(after.overall.satisfaction).toMatchObject({ mean: 5, n: 1 });
      expect(after.low_scores).toEqual([]);
    });

    it('a staff member with calls but no tasks gets a row with nothing planned', () => {
      expect(cli('log', 'C002', '--outcome', 'reached', '--score', '4', '--staff', '赵六', '--at', '2026-10-13 10:00').code).toBe(0);
      const row = report('--month', '2026-10').rows.find((r: { key: string }) => r.key === '赵六');
      expect(row).toMatchObject({ planned: 0, coverage: null, reach_rate: 1 });
      expect(row.satisfaction).toMatchObject({ mean: 4, n: 1 });
      // Score without completion or issues: satisfaction alone, 4/5 → 80.
      expect(row.score).toBe(80);
    });
  });

  describe('the low-score list (issue 13 §4): the policy’s first 20, and how many more there are', () => {
    it('22 low scores: JSON lists 20 with the total, the table says how to see them all', () => {
      // 22 reached calls scored 2 (low: ≤ 3) in August 2026, one a day from 08-01.
      const rows = ['客户编号,回访时间,回访人,方式,结果,满意度'];
      for (let i = 1; i <= 22; i++) rows.push(`C00${(i % 2) + 1},2026-08-${String(i).padStart(2, '0')} 10:00,赵六,电话,接通,2`);
      const file = path.join(dir, 'visits.csv');
      fs.writeFileSync(file, `${rows.join('\n')}\n`);
      expect(cli('import', 'visits', file).code).toBe(0);
      const r = report('--month', '2026-08');
      expect(r.low_scores).toHaveLength(20);
      expect(r.low_scores_total).toBe(22);
      // All score 2, so by time: the first is 08-01's, the twentieth 08-20's.
      expect([r.low_scores[0].at, r.low_scores[19].at]).toEqual(['2026-08-01 10:00', '2026-08-20 10:00']);
      const table = cli('report', '--month', '2026-08').stdout;
      expect(table).toContain('Low scores (22)');
      expect(table).toContain('… and 2 more of 22: huifang report --csv --detail lists every call.');
    });
  });

  describe('report --csv', () => {
    it('parses back into the same figures', async () => {
      const { parse } = await import('csv-parse/sync');
      const r = cli('report', '--csv', '--month', '2026-05');
      const rows = parse(r.stdout.slice(1), { record_delimiter: '\r\n' }) as string[][];
      expect(rows).toHaveLength(3);
      const header = rows[0] as string[];
      const total = rows[2] as string[];
      expect(total[header.indexOf('Planned')]).toBe('2');
      // Rates as percentages a spreadsheet reads as numbers (issue 13 §3), each with its target and met/missed.
      expect(total[header.indexOf('Coverage')]).toBe('100.0%');
      expect(total[header.indexOf('Coverage target')]).toBe('98.0%');
      expect(total[header.indexOf('Coverage met')]).toBe('met');
      expect(total[header.indexOf('On time')]).toBe('50.0%');
      expect(total[header.indexOf('On time target')]).toBe('95.0%');
      expect(total[header.indexOf('On time met')]).toBe('missed');
      expect(total[header.indexOf('Satisfaction')]).toBe('4');
      expect(total[header.indexOf('Satisfaction target')]).toBe('4.8');
      // No issues raised: the share responded in SLA is unknown, so neither met nor missed.
      expect(total[header.indexOf('Share responded in SLA')]).toBe('');
      expect(total[header.indexOf('Share responded in SLA met')]).toBe('');
    });

    it('is UTF-8 with BOM and CRLF, headers in the language, one row per group and a total', () => {
      const r = cli('--lang', 'zh', 'report', '--csv', '--month', '2026-05');
      const bytes = Buffer.from(r.stdout, 'utf8');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = r.stdout.slice(1).split('\r\n');
      expect(lines[0]?.startsWith('期间起,期间止,统计日期,按回访人,计划,已完成')).toBe(true);
      expect(lines[0]).toContain(',覆盖率,覆盖率目标,覆盖率是否达标,');
      expect(lines[1]?.startsWith('2026-05-01,2026-05-31,2026-11-23,李娜,2,2,0,100.0%,98.0%,达标,')).toBe(true);
      expect(lines[2]?.startsWith('2026-05-01,2026-05-31,2026-11-23,合计,2,2,0,100.0%,98.0%,达标,')).toBe(true);
      expect(r.stdout.replace(/\r\n/g, '')).not.toContain('\n');
    });

    it('--detail: a call that recorded no contact shows the contact to dial by the one rule (SPEC §3.4), not a number flagged wrong', () => {
      expect(cli('import', 'contacts', path.join(CASES, 'contacts-good.csv')).code).toBe(0);
      // C001's primary contact 周建国 (138…5678) is flagged wrong by a call; 钱丽 (139…2222) is the next usable one.
      expect(cli('log', 'C001', '--outcome', 'wrong_number', '--at', '2026-11-20 10:00', '--yes').code).toBe(0);
      const lines = cli('report', '--csv', '--detail', '--month', '2026-03').stdout.split('\r\n');
      // The imported call of 2026-03-10 recorded no contact.
      const row = lines.find((l) => l.includes(',2026-03-10 10:30,C001,'));
      expect(row).toContain(',钱丽,139****2222,');
    });

    it('--detail masks phones, defuses formulas, and --out writes an owner-only file', () => {
      expect(cli('customer', 'add', 'X1', '--name', '=HYPERLINK("http://x","点我")', '--phone', '13900001111', '--contact', '＋李').code).toBe(0);
      expect(cli('log', 'X1', '--outcome', 'reached', '--score', '5', '--feedback', '@SUM(1+1)', '--at', '2026-10-12 10:00').code).toBe(0);
      const out = path.join(dir, 'detail.csv');
      expect(cli('report', '--csv', '--detail', '--month', '2026-10', '--out', out).code).toBe(0);
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const text = fs.readFileSync(out, 'utf8');
      expect(text).toContain('139****1111');
      expect(text).not.toContain('13900001111');
      expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
      expect(text).toContain("'＋李");
      expect(text).toContain("'@SUM(1+1)");
      const revealed = cli('report', '--csv', '--detail', '--month', '2026-10', '--reveal');
      expect(revealed.stdout).toContain('13900001111');
    });
  });

  describe('weekly quota (SPEC §3.6): calls per clerk per ISO week of the period, against 18 a week', () => {
    // August 2026 has no public holiday. Aug 1 is a Saturday (2026-01-01 was a Thursday, Aug 1 is 212 days
    // later, 212 = 30 × 7 + 2). ISO weeks: W31 Mon 07-27 – Sun 08-02 (only the weekend 08-01/02 in August:
    // no working day, target 0), W32 08-03–09, W33 08-10–16, W34 08-17–23, W35 08-24–30 (18 each), and W36
    // Mon 08-31 – Sun 09-06, of which only Monday 08-31 is in August: 18 × 1 / 5 = 3.6, rounded up to 4.
    beforeEach(() => {
      const rows = ['客户编号,回访时间,回访人,方式,结果'];
      const call = (day: string, n: number, staff = '赵六') => {
        for (let i = 0; i < n; i++) rows.push(`C00${(i % 2) + 1},2026-${day} ${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'},${staff},电话,无人接听`);
      };
      call('08-02', 1); // a Sunday call: W31 is listed because of it
      call('08-04', 10);
      call('08-07', 8); // W32: 18, met
      call('08-12', 5); // W33: 5, below
      call('08-31', 1); // W36: 1 of 4, below
      call('08-05', 3, '钱七'); // a supervisor's calls are not held to the clerks' quota
      const file = path.join(dir, 'visits.csv');
      fs.writeFileSync(file, `${rows.join('\n')}\n`);
      expect(cli('staff', 'set', '钱七', '--role', 'supervisor').code).toBe(0);
      const r = cli('import', 'visits', file);
      expect(r.code, r.stderr).toBe(0);
    });

    it('--json weekly_calls: every week of the clerk, below the target flagged, the supervisor left out', () => {
      const weekly = report('--month', '2026-08').weekly_calls as { staff: string; week: string; from: string; to: string; calls: number; target: number; met: boolean }[];
      expect(weekly.filter((w) => w.staff === '赵六').map((w) => [w.week, w.from, w.to, w.calls, w.target, w.met])).toEqual([
        ['2026-W31', '2026-08-01', '2026-08-02', 1, 0, true],
        ['2026-W32', '2026-08-03', '2026-08-09', 18, 18, true],
        ['2026-W33', '2026-08-10', '2026-08-16', 5, 18, false],
        ['2026-W34', '2026-08-17', '2026-08-23', 0, 18, false],
        ['2026-W35', '2026-08-24', '2026-08-30', 0, 18, false],
        ['2026-W36', '2026-08-31', '2026-08-31', 1, 4, false],
      ]);
      expect(weekly.some((w) => w.staff === '钱七')).toBe(false);
      // Every listed clerk has the same six weeks.
      const staff = [...new Set(weekly.map((w) => w.staff))];
      expect(weekly).toHaveLength(staff.length * 6);
    });

    it('the table shows the weeks with their targets and flags the short ones; --csv --weekly has one row per clerk and week', () => {
      const table = cli('--lang', 'zh', 'report', '--month', '2026-08');
      expect(table.stdout).toContain('每周回访量（目标每周 18 次');
      expect(table.stdout).toMatch(/赵六 +1 +18 +✗ 5 +✗ 0 +✗ 0 +✗ 1 *\n/);
      const csv = cli('--lang', 'zh', 'report', '--month', '2026-08', '--csv', '--weekly');
      const lines = csv.stdout.slice(1).split('\r\n');
      expect(lines[0]).toBe('期间起,期间止,统计日期,回访人,周,本周起,本周止,回访次数,目标,是否达标');
      expect(lines).toContain('2026-08-01,2026-08-31,2026-11-23,赵六,2026-W33,2026-08-10,2026-08-16,5,18,未达标');
      const both = cli('report', '--month', '2026-08', '--csv', '--weekly', '--detail');
      expect(both.code).toBe(3);
      expect(both.stdout).toBe('');
    });

    it('a week straddling the period counts only its days inside: September sees W36 from 09-01', () => {
      // W36 in September: Tue 09-01 – Sun 09-06, 4 working days → 18 × 4 / 5 = 14.4 → 15; 赵六's 08-31 call is August's.
      const weekly = report('--month', '2026-09').weekly_calls as { staff: string; week: string; calls: number; target: number }[];
      expect(weekly.find((w) => w.week === '2026-W36' && w.staff === '赵六')).toBeUndefined();
      expect(weekly.find((w) => w.week === '2026-W36')).toMatchObject({ target: 15 });
    });
  });
});
