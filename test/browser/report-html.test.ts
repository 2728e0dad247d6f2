// `report --html` opened in headless Chromium (Debian's `chromium`): the charts are there, the page's numbers are `report --json`'s, it prints on four A4 pages; the screenshot is a CI artifact.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const TODAY = '2026-11-23';
const MONTH = '2026-10';
const ARTIFACTS = path.join(ROOT, '.ci', 'out');

const present = fs.existsSync(CHROMIUM);
// Without a browser the test cannot run; on a developer's machine say how to get one, in CI fail.
if (!present && process.env.CI !== 'true') {
  console.warn(`\n*** ${CHROMIUM} is missing: the browser test of report --html is SKIPPED. Install it with: apt-get install chromium\n`);
}

type Attrs = Record<string, string>;

/** Every element of the dumped DOM that has attribute `name`, as its attributes (entities decoded). */
function withAttr(dom: string, name: string): Attrs[] {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const found: Attrs[] = [];
  for (const tag of dom.matchAll(/<[a-z][\w-]*(\s[^>]*)?>/g)) {
    const attrs: Attrs = {};
    for (const a of (tag[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1] as string] = decode(a[2] ?? '');
    if (name in attrs) found.push(attrs);
  }
  return found;
}

/** A data attribute's number ('' is a figure without data, as JSON's null). */
const n = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

function chromium(dir: string, ...args: string[]) {
  const r = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(dir, 'profile')}`, ...args],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe.runIf(present || process.env.CI === 'true')('report --html in headless Chromium', () => {
  let dir: string;
  let db: string;
  let page: string;
  let json: Record<string, any>;
  let dom: string;
  const cli = (...args: string[]) => {
    const r = runCli(['--db', db, '--today', TODAY, ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };

  /**
   * The demo store (no issues, needs or audits of its own), then what the page's annex is about:
   * issues and needs in August, September and October, two of October's issues answered, and two
   * re-checks of October's calls.
   */
  beforeAll(() => {
    expect(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing (CI=true): apt-get install chromium`).toBe(true);
    // Kept for the whole file (tempDir's folders go after each test): the page, the store and Chromium's profile.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-browser-'));
    expect(runCli(['--today', TODAY, 'demo'], { cwd: dir }).code).toBe(0);
    db = path.join(dir, 'huifang-demo.db');
    const call = (code: string, staff: string, at: string, score: string, issue: string, need?: string) =>
      cli('log', code, '--staff', staff, '--outcome', 'reached', '--respondent', 'self', '--score', score, '--issue', issue, ...(need ? ['--need', need] : []), '--at', at, '--yes');
    call('KH0001', '李娜', '2026-08-18 10:00', '4', 'general:delivery:资料寄送慢', '希望提供英文说明书'); // issue #1
    call('KH0002', '张伟', '2026-09-09 14:00', '3', 'important:product:显示屏偶发黑屏', '询问智能化升级方案'); // #2
    call('KH0070', '李娜', '2026-10-20 10:00', '2', 'urgent:product:读数漂移:技术部', '加购校准套件'); // #3: respond by 11:00, resolve by 10-21 10:00
    call('KH0084', '王芳', '2026-10-12 15:00', '3', 'important:delivery:校准证书延迟'); // #4
    call('KH0108', '王芳', '2026-10-26 11:00', '3', 'general:product:说明书与实物不符', '希望增加远程诊断'); // #5
    cli('issue', 'respond', '3', '--note', '已派技术部', '--at', '2026-10-20 10:40');
    cli('issue', 'resolve', '3', '--note', '远程校准完成', '--at', '2026-10-21 09:00');
    const sample = JSON.parse(cli('audit', 'sample', '--month', MONTH, '--seed', '1', '--json').stdout) as { visits: { id: number }[] };
    const [first, second] = sample.visits;
    cli('audit', 'record', String(first?.id), '--result', 'confirmed');
    cli('audit', 'record', String(second?.id), '--result', 'mismatch');

    json = JSON.parse(cli('report', '--month', MONTH, '--json').stdout);
    page = path.join(dir, '回访月报.html');
    cli('--lang', 'zh', 'report', '--month', MONTH, '--html', '--out', page);
    dom = chromium(dir, '--dump-dom', `file://${page}`);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is one self-contained page: nothing fetched, owner-only, no phone numbers', () => {
    const html = fs.readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(fs.statSync(page).mode & 0o777).toBe(0o600);
    // No phone number at all, masked or not: the page is for the manager, not for calling.
    expect(html).not.toMatch(/1[3-9]\d{9}|\d{3}\*{4}\d{4}|0\d{2,3}-\d{7,8}/);
    expect(dom).toContain('<html lang="zh-CN">');
  });

  it('draws every chart, the trend with its three series and their targets', () => {
    const charts = withAttr(dom, 'data-chart').map((c) => c['data-chart']);
    expect(charts).toEqual(expect.arrayContaining(['trend-rates', 'trend-satisfaction', 'distribution', 'scorecard', 'open-by-age']));
    const clerks = [...new Set(json.weekly_calls.map((w: { staff: string }) => w.staff))];
    expect(charts.filter((c) => c?.startsWith('weekly-')).sort()).toEqual(clerks.map((s) => `weekly-${s}`).sort());
    expect(withAttr(dom, 'data-series').map((s) => s['data-series'])).toEqual(['coverage', 'on_time_rate', 'satisfaction']);
    const target = (name: string) => json.targets.find((x: { name: string }) => x.name === name).target;
    expect(Object.fromEntries(withAttr(dom, 'data-target').filter((x) => x['data-value'] !== undefined && x['data-figure'] === undefined).map((x) => [x['data-target'], n(x['data-value'])]))).toEqual({
      coverage: target('coverage'),
      on_time_rate: target('on_time_rate'),
      satisfaction: target('satisfaction'),
    });
  });

  it('shows the numbers of report --json', () => {
    const figures = withAttr(dom, 'data-figure');
    expect(figures.map((f) => ({ name: f['data-figure'], value: n(f['data-value']), target: n(f['data-target']), met: f['data-met'] === '' ? null : f['data-met'] === 'true' }))).toEqual(json.targets);
    const [overall] = withAttr(dom, 'data-overall');
    const o = json.overall;
    expect([overall?.['data-planned'], overall?.['data-done'], overall?.['data-cancelled'], overall?.['data-scored'], overall?.['data-raised'], overall?.['data-open']].map(Number)).toEqual([o.planned, o.done, o.cancelled, o.satisfaction.n, o.issues.raised, o.issues.open]);
    expect(Object.fromEntries(withAttr(dom, 'data-score').filter((b) => b['data-count'] !== undefined).map((b) => [b['data-score'], Number(b['data-count'])]))).toEqual(o.satisfaction.distribution);
    expect(Object.fromEntries(withAttr(dom, 'data-age').map((b) => [b['data-age'], Number(b['data-count'])]))).toEqual(o.issues.open_by_age);
    expect(withAttr(dom, 'data-key').map((b) => ({ key: b['data-key'], coverage: n(b['data-coverage']), score: n(b['data-score']) }))).toEqual(
      json.rows.map((r: { key: string; coverage: number | null; score: number | null }) => ({ key: r.key, coverage: r.coverage, score: r.score })),
    );
    expect(withAttr(dom, 'data-week').map((b) => ({ staff: b['data-staff'], week: b['data-week'], calls: Number(b['data-calls']), target: Number(b['data-quota']) }))).toEqual(
      json.weekly_calls.map((w: { staff: string; week: string; calls: number; target: number }) => ({ staff: w.staff, week: w.week, calls: w.calls, target: w.target })),
    );
    const [audit] = withAttr(dom, 'data-audited');
    expect({ audited: Number(audit?.['data-audited']), mismatches: Number(audit?.['data-mismatches']), mismatch_rate: n(audit?.['data-mismatch-rate']) }).toEqual(json.audit);
    // Two re-checks recorded above, one a mismatch: 1 ÷ 2.
    expect(json.audit).toEqual({ audited: 2, mismatches: 1, mismatch_rate: 0.5 });
    expect(Number(withAttr(dom, 'data-low-scores')[0]?.['data-low-scores'])).toBe(json.low_scores_total ?? json.low_scores.length);
    expect(withAttr(dom, 'data-visit').map((r) => Number(r['data-visit']))).toEqual(json.low_scores.map((v: { id: number }) => v.id));
  });

  it("the trend's last month is the report's month, counted the same way", () => {
    const trend = withAttr(dom, 'data-trend');
    expect(trend.map((r) => r['data-trend'])).toEqual(['coverage', 'on_time_rate', 'satisfaction']);
    const months = withAttr(dom, 'data-month').filter((d) => d['data-month'] === MONTH.slice(2));
    expect(months.map((d) => n(d['data-value']))).toEqual([json.overall.coverage, json.overall.on_time_rate, json.overall.satisfaction.mean]);
  });

  it('lists issues by category and level with their SLA results, and problems and needs month by month (002 §18)', () => {
    // October's issues, logged above: #3 urgent product, answered 40 minutes after it was raised (respond
    // by 11:00) and resolved the next morning (by 10:00), so in SLA both times, not confirmed so still
    // open; #4 important delivery and #5 general product, never answered.
    expect(withAttr(dom, 'data-level').map((c) => [c['data-category'], c['data-level'], c['data-raised'], c['data-responded'], c['data-resolved'], c['data-open']].join(' '))).toEqual([
      'delivery important 1 0 0 1',
      'product general 1 0 0 1',
      'product urgent 1 1 1 1',
    ]);
    const o = json.overall.issues;
    expect([o.raised, o.responded_in_sla, o.resolved_in_sla, o.open]).toEqual([3, 1, 1, 3]);
    // July to October: product in September (#2) and twice in October (#3, #5), delivery in August (#1)
    // and October (#4); most frequent this month first.
    expect(withAttr(dom, 'data-problem').map((p) => `${p['data-problem']} ${p['data-counts']}`)).toEqual(['product 0,0,1,2', 'delivery 0,1,0,1']);
    // Needs: August's, September's, and October's two (#3's and #5's calls).
    expect(withAttr(dom, 'data-needs')[0]?.['data-needs']).toBe('0,1,1,2');
    expect(dom).toContain('希望增加远程诊断');
  });

  it('makes a screenshot for CI and prints on four A4 pages, a section a page', () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const png = path.join(ARTIFACTS, 'report.png');
    fs.rmSync(png, { force: true });
    chromium(dir, `--screenshot=${png}`, '--window-size=900,880', '--hide-scrollbars', `file://${page}`);
    expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const pdf = path.join(dir, 'report.pdf');
    chromium(dir, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', `file://${page}`);
    const pages = fs.readFileSync(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
    expect(pages.length).toBe(4);
  });

  it('in English, too', () => {
    const en = path.join(dir, 'report.html');
    cli('--lang', 'en', 'report', '--month', MONTH, '--html', '--out', en);
    const html = fs.readFileSync(en, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('12-month trend');
    expect(html).toContain('Most frequent problems: this month and the three before');
    // Customers' names and words stay as recorded; the page's own words are English.
    expect(html).not.toMatch(/覆盖率|及时率|满意度|本月/);
  });
});

describe('report --html: what it refuses (no browser needed)', () => {
  it('needs --out and stands alone (usage errors, exit 2, like --xlsx), never writes over the store (exit 3); nothing written', () => {
    const dir = tempDir();
    const db = path.join(dir, 'h.db');
    const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, '--lang', 'en', ...args]);
    expect(cli('init').code).toBe(0);
    const noOut = cli('report', '--html');
    expect([noOut.code, noOut.stdout, noOut.stderr.trim()]).toEqual([2, '', '--html writes a page to a file: name it with --out, e.g. --out report.html.']);
    const out = path.join(dir, 'r.html');
    const both = cli('report', '--html', '--json', '--out', out);
    expect([both.code, both.stderr.trim()]).toEqual([2, 'Choose one of --html, --json, --csv and --xlsx.']);
    expect(cli('report', '--html', '--xlsx', '--out', out).code).toBe(2);
    const store = cli('report', '--html', '--out', db);
    expect(store.code).toBe(3);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['h.db']);
  });
});
