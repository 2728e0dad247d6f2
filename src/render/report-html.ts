// `report --html`: the monthly report as one self-contained page (inline CSS and SVG, nothing fetched), printable on A4 portrait — pure: page model → string, every text escaped.
import type { Figures } from '../domain/metrics.js';
import type { WeeklyCalls } from '../domain/weekly-quota.js';
import { hasMessage, type Lang, type MessageKey, type Translate } from '../i18n/index.js';
import type { IssueCell, Span } from '../store/report-annex.js';
import { barChart, esc, lineChart, type Bar } from './svg-chart.js';

type Scored = Figures & { score: number | null };

/** The `report --json` document (INTERFACE.md): the parts the page shows. */
export interface ReportData {
  period: Span;
  as_of: string;
  by: string;
  overall: Scored;
  rows: (Scored & { key: string })[];
  targets: { name: string; value: number | null; target: number; met: boolean | null }[];
  audit: { audited: number; mismatches: number; mismatch_rate: number | null };
  low_scores: { id: number; at: string; code: string; name: string; staff: string | null; score: number; feedback: string | null }[];
  /** When the document lists only the lowest scores: how many there are in all. */
  low_scores_total?: number;
  weekly_target: number;
  weekly_calls: WeeklyCalls[];
}

export interface TrendMonth {
  month: string;
  coverage: number | null;
  on_time_rate: number | null;
  satisfaction: number | null;
}

export interface NeedRecorded {
  at: string;
  code: string;
  name: string;
  staff: string | null;
  needs: string;
}

/** Everything the page shows: the report document and what only the page adds. */
export interface ReportPage {
  doc: ReportData;
  /** Twelve months, the report's month last. */
  trend: TrendMonth[];
  /** A clerk whose completion is below this is flagged on the scorecard [002 §23]. */
  completionFloor: number;
  issues: IssueCell[];
  /** The report's month and the three before it, oldest first (002 §18). */
  months: string[];
  /** Issues raised per category in each of `months`, the most frequent this month first. */
  problems: { category: string; counts: number[] }[];
  /** Calls that recorded a need in each of `months`. */
  needs: number[];
  /** The needs recorded in the period, newest first, at most `needsShown`; `needsTotal` counts them all. */
  needsRecorded: NeedRecorded[];
  needsTotal: number;
}

const COLORS = { coverage: '#2f6db5', on_time_rate: '#d9822b', satisfaction: '#2e8b57' } as const;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** Satisfaction is a mean on a 1–5 scale, always shown with its two decimals (4.20, not 4.2). */
const mean = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const num = (v: number | null) => (v === null ? '—' : String(v));
const isRate = (name: string) => name !== 'satisfaction';
const camel = (s: string) => s.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());

export function renderReportHtml(page: ReportPage, t: Translate, lang: Lang): string {
  const { doc } = page;
  const title = t('report.title', { from: doc.period.from, to: doc.period.to, asOf: doc.as_of });
  const sections = [
    section('headline', t('page.headline'), headline(page, t) + trendCharts(page, t), false),
    section('staff', t('page.staff'), distribution(doc, t) + scorecard(page, t) + weekly(doc, t), true),
    section('issues', t('page.issues'), issueTable(page, t) + openByAge(doc, t) + problems(page, t) + needs(page, t) + audit(doc, t), true),
    section('quality', t('page.quality'), lowScores(doc, t) + definitions(t), true),
  ];
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body data-from="${esc(doc.period.from)}" data-to="${esc(doc.period.to)}" data-as-of="${esc(doc.as_of)}">
<main>
<h1>${esc(title)}</h1>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

const CSS = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #222; background: #fff; font: 13px/1.45 "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Helvetica Neue", Arial, sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 186mm; margin: 0 auto; padding: 10px 0 24px; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 0 0 6px; padding-bottom: 3px; border-bottom: 2px solid #2f6db5; }
h3 { font-size: 13px; margin: 12px 0 4px; }
section { margin-top: 14px; }
section.page { break-before: page; }
figure { margin: 4px 0 10px; break-inside: avoid; }
figure svg { display: block; }
figcaption { font-size: 12px; color: #555; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin-bottom: 6px; }
.card { border: 1px solid #ccc; border-left: 6px solid #999; padding: 6px 8px; break-inside: avoid; }
.card.met { border-left-color: #2e8b57; }
.card.missed { border-left-color: #c0392b; }
.card .name { font-size: 12px; color: #555; }
.card .value { font-size: 22px; font-weight: 600; }
.card .target { font-size: 12px; color: #555; }
.verdict { font-weight: 600; }
.met .verdict { color: #2e8b57; }
.missed .verdict { color: #c0392b; }
.na .verdict { color: #777; }
.counts { color: #444; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 2px 0 8px; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.low { color: #c0392b; font-weight: 600; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 4px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
.note { font-size: 12px; color: #555; }
.empty { color: #777; font-style: italic; }
ul.defs { padding-left: 18px; font-size: 11.5px; color: #333; break-inside: avoid; }
`;

function section(id: string, heading: string, body: string, newPage: boolean): string {
  return `<section id="${id}"${newPage ? ' class="page"' : ''}>\n<h2>${esc(heading)}</h2>\n${body}\n</section>`;
}

const figure = (chart: string, caption?: string) => `<figure>${chart}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;

function verdict(met: boolean | null, t: Translate): { cls: string; text: string } {
  if (met === null) return { cls: 'na', text: t('report.na') };
  return met ? { cls: 'met', text: `✓ ${t('report.met')}` } : { cls: 'missed', text: `✗ ${t('report.missed')}` };
}

function headline(page: ReportPage, t: Translate): string {
  const { doc } = page;
  const cards = doc.targets.map((x) => {
    const v = verdict(x.met, t);
    const shown = isRate(x.name) ? pct(x.value) : mean(x.value);
    const target = isRate(x.name) ? pct(x.target) : String(x.target);
    return (
      `<div class="card ${v.cls}" data-figure="${esc(x.name)}" data-value="${x.value ?? ''}" data-target="${x.target}" data-met="${x.met ?? ''}">` +
      `<div class="name">${esc(t(`rep.${camel(x.name)}` as MessageKey))}</div>` +
      `<div class="value">${esc(shown)}</div>` +
      `<div class="target">${esc(t('page.targetIs', { target: `≥ ${target}` }))} · <span class="verdict">${esc(v.text)}</span></div></div>`
    );
  });
  const o = doc.overall;
  const counts = t('report.headline', { planned: o.planned, done: o.done, cancelled: o.cancelled, reach: pct(o.reach_rate), n: o.satisfaction.n, raised: o.issues.raised, open: o.issues.open });
  const data = `data-planned="${o.planned}" data-done="${o.done}" data-cancelled="${o.cancelled}" data-scored="${o.satisfaction.n}" data-raised="${o.issues.raised}" data-open="${o.issues.open}"`;
  return `<div class="cards">${cards.join('')}</div>\n<p class="counts" data-overall ${data}>${esc(counts)}</p>`;
}

/** Rates on one chart, satisfaction on its own scale; each axis spans the data and the target, so a drop shows. */
function trendCharts(page: ReportPage, t: Translate): string {
  const target = (name: string) => page.doc.targets.find((x) => x.name === name)?.target;
  const labels = page.trend.map((m) => m.month.slice(2));
  const series = (id: 'coverage' | 'on_time_rate' | 'satisfaction', rate: boolean) => {
    const value = target(id);
    const shown = value === undefined ? '' : rate ? pct(value) : String(value);
    return {
      id,
      name: t(`rep.${camel(id)}` as MessageKey),
      color: COLORS[id],
      values: page.trend.map((m) => m[id]),
      ...(value === undefined ? {} : { target: { value, label: t('page.targetLine', { value: shown }) } }),
    };
  };
  const rates = [series('coverage', true), series('on_time_rate', true)];
  const lowRate = Math.min(...rates.flatMap((s) => [...s.values.filter((v): v is number => v !== null), s.target?.value ?? 1]));
  const rateMin = Math.max(0, Math.floor(lowRate * 10) / 10 - 0.1);
  const rateTicks = Array.from({ length: Math.round((1 - rateMin) / 0.1) + 1 }, (_, i) => Math.round((rateMin + i * 0.1) * 10) / 10);
  const sat = series('satisfaction', false);
  const lowSat = Math.min(...sat.values.filter((v): v is number => v !== null), sat.target?.value ?? 5);
  const satMin = Math.max(1, Math.floor(lowSat * 2) / 2 - 0.5);
  const satTicks = Array.from({ length: Math.round((5 - satMin) / 0.5) + 1 }, (_, i) => satMin + i * 0.5);
  const legend = (list: { name: string; color: string }[]) =>
    `<div class="legend">${list.map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`).join('')}<span>${esc(t('page.dashedTarget'))}</span></div>`;
  const values = `<table class="trend-values"><tr><th></th>${page.trend.map((m) => `<th class="n">${esc(m.month.slice(2))}</th>`).join('')}</tr>${[
    ['coverage', pct],
    ['on_time_rate', pct],
    ['satisfaction', mean],
  ]
    .map(([id, f]) => {
      const key = id as keyof typeof COLORS;
      const format = f as (v: number | null) => string;
      return `<tr data-trend="${key}"><th>${esc(t(`rep.${camel(key)}` as MessageKey))}</th>${page.trend.map((m) => `<td class="n">${esc(format(m[key]))}</td>`).join('')}</tr>`;
    })
    .join('')}</table>`;
  return (
    `<h3>${esc(t('page.trend'))}</h3>` +
    legend(rates) +
    figure(lineChart({ id: 'trend-rates', title: `${t('page.trend')}: ${rates.map((s) => s.name).join(', ')}`, labels, series: rates, min: rateMin, max: 1, ticks: rateTicks, format: (v) => `${Math.round(v * 100)}%` })) +
    legend([sat]) +
    figure(lineChart({ id: 'trend-satisfaction', title: `${t('page.trend')}: ${sat.name}`, labels, series: [sat], min: satMin, max: 5, ticks: satTicks, format: (v) => v.toFixed(1), height: 170 })) +
    values
  );
}

function distribution(doc: ReportData, t: Translate): string {
  const d = doc.overall.satisfaction.distribution;
  const n = doc.overall.satisfaction.n;
  const max = Math.max(1, ...Object.values(d));
  const bars: Bar[] = (['5', '4', '3', '2', '1'] as const).map((score) => ({
    label: t('page.scoreOf', { score }),
    value: d[score],
    text: `${d[score]}${n ? ` (${pct(Math.round((d[score] / n) * 10_000) / 10_000)})` : ''}`,
    data: { score, count: d[score] },
  }));
  return `<h3>${esc(t('page.distribution', { n, mean: mean(doc.overall.satisfaction.mean) }))}</h3>` + figure(barChart({ id: 'distribution', title: t('page.distribution', { n, mean: mean(doc.overall.satisfaction.mean) }), bars, max }));
}

/** A group's key as the reader sees it: channels are words of the user's language, staff, tiers and weeks are data. */
const keyLabel = (t: Translate, by: string, key: string) => (by === 'channel' && hasMessage(`channel.${key}`) ? t(`channel.${key}` as MessageKey) : key);

function scorecard(page: ReportPage, t: Translate): string {
  const { doc } = page;
  const floor = pct(page.completionFloor);
  const bars: Bar[] = doc.rows.map((r) => {
    const low = r.coverage !== null && r.coverage < page.completionFloor;
    const parts = [pct(r.coverage), t('page.scoreIs', { score: num(r.score) })];
    if (low) parts.push(t('page.belowFloor', { floor }));
    return { label: keyLabel(t, doc.by, r.key), value: r.coverage ?? 0, text: parts.join(' · '), warn: low, data: { key: r.key, coverage: r.coverage ?? '', score: r.score ?? '' } };
  });
  const heading = t('page.scorecard', { by: t(`report.by.${doc.by}` as MessageKey) });
  if (!bars.length) return `<h3>${esc(heading)}</h3><p class="empty">${esc(t('page.none'))}</p>`;
  return `<h3>${esc(heading)}</h3>` + figure(barChart({ id: 'scorecard', title: heading, bars, max: 1, line: { value: page.completionFloor, label: floor }, textWidth: 230 }), t('page.scorecardNote', { floor }));
}

/** One small chart per clerk: a bar per week, the week's quota as a tick across it. */
function weekly(doc: ReportData, t: Translate): string {
  const heading = t('page.weekly', { target: doc.weekly_target });
  if (!doc.weekly_calls.length) return `<h3>${esc(heading)}</h3><p class="empty">${esc(t('page.none'))}</p>`;
  const max = Math.max(1, ...doc.weekly_calls.map((w) => Math.max(w.calls, w.target)));
  const staff = [...new Set(doc.weekly_calls.map((w) => w.staff))];
  const charts = staff.map((name) => {
    const bars: Bar[] = doc.weekly_calls
      .filter((w) => w.staff === name)
      .map((w) => ({
        label: `${w.week.slice(5)} ${w.from.slice(5)}`,
        value: w.calls,
        target: w.target,
        text: `${w.calls} / ${w.target}${w.met ? '' : ` ${t('report.missed')}`}`,
        warn: !w.met,
        data: { staff: w.staff, week: w.week, calls: w.calls, quota: w.target },
      }));
    return `<div><strong>${esc(name)}</strong>${figure(barChart({ id: `weekly-${name}`, title: `${heading}: ${name}`, bars, max, width: 340, labelWidth: 80, textWidth: 100 }))}</div>`;
  });
  return `<h3>${esc(heading)}</h3><div class="grid2">${charts.join('')}</div>`;
}

const word = (t: Translate, prefix: string, value: string) => (hasMessage(`${prefix}.${value}`) ? t(`${prefix}.${value}` as MessageKey) : value);

function issueTable(page: ReportPage, t: Translate): string {
  const heading = `<h3>${esc(t('page.issueTable'))}</h3>`;
  if (!page.issues.length) return `${heading}<p class="empty">${esc(t('page.noIssues'))}</p>`;
  const rate = (n: number, d: number) => `${n} (${pct(Math.round((n / d) * 10_000) / 10_000)})`;
  const rows = page.issues.map(
    (c) =>
      `<tr data-category="${esc(c.category)}" data-level="${esc(c.level)}" data-raised="${c.raised}" data-responded="${c.responded_in_sla}" data-resolved="${c.resolved_in_sla}" data-open="${c.open}">` +
      `<td>${esc(word(t, 'category', c.category))}</td><td>${esc(word(t, 'level', c.level))}</td><td class="n">${c.raised}</td>` +
      `<td class="n">${esc(rate(c.responded_in_sla, c.raised))}</td><td class="n">${esc(rate(c.resolved_in_sla, c.raised))}</td><td class="n">${c.open}</td></tr>`,
  );
  return (
    heading +
    `<table><tr><th>${esc(t('page.category'))}</th><th>${esc(t('page.level'))}</th><th class="n">${esc(t('rep.issuesRaised'))}</th><th class="n">${esc(t('rep.respondedInSla'))}</th><th class="n">${esc(t('rep.resolvedInSla'))}</th><th class="n">${esc(t('page.stillOpen'))}</th></tr>${rows.join('')}</table>`
  );
}

function openByAge(doc: ReportData, t: Translate): string {
  const age = doc.overall.issues.open_by_age;
  const max = Math.max(1, ...Object.values(age));
  const bars: Bar[] = (['0-3', '4-7', '8-30', '30+'] as const).map((bucket) => ({
    label: t(`page.age.${bucket}` as MessageKey),
    value: age[bucket],
    text: String(age[bucket]),
    warn: bucket === '30+' && age[bucket] > 0,
    data: { age: bucket, count: age[bucket] },
  }));
  return `<h3>${esc(t('rep.openByAge'))}</h3>` + figure(barChart({ id: 'open-by-age', title: t('rep.openByAge'), bars, max, textWidth: 120 }));
}

const monthHeader = (page: ReportPage, t: Translate) => page.months.map((m, i) => `<th class="n">${esc(i === page.months.length - 1 ? t('page.thisMonth', { month: m }) : m)}</th>`).join('');

function problems(page: ReportPage, t: Translate): string {
  const heading = `<h3>${esc(t('page.problems'))}</h3>`;
  if (!page.problems.length) return `${heading}<p class="empty">${esc(t('page.noIssues'))}</p>`;
  const rows = page.problems.map(
    (p) => `<tr data-problem="${esc(p.category)}" data-counts="${p.counts.join(',')}"><td>${esc(word(t, 'category', p.category))}</td>${p.counts.map((n) => `<td class="n">${n}</td>`).join('')}</tr>`,
  );
  return `${heading}<table><tr><th>${esc(t('page.category'))}</th>${monthHeader(page, t)}</tr>${rows.join('')}</table>`;
}

function needs(page: ReportPage, t: Translate): string {
  const heading = `<h3>${esc(t('page.needs'))}</h3>`;
  const counts = `<table><tr><th></th>${monthHeader(page, t)}</tr><tr data-needs="${page.needs.join(',')}"><td>${esc(t('page.needCalls'))}</td>${page.needs.map((n) => `<td class="n">${n}</td>`).join('')}</tr></table>`;
  if (!page.needsRecorded.length) return `${heading}${counts}<p class="empty">${esc(t('page.noNeeds'))}</p>`;
  const rows = page.needsRecorded.map((n) => `<tr><td>${esc(n.at.slice(0, 10))}</td><td>${esc(`${n.code} ${n.name}`)}</td><td>${esc(n.staff ?? '')}</td><td>${esc(n.needs)}</td></tr>`);
  const more = page.needsTotal > page.needsRecorded.length ? `<p class="note">${esc(t('page.more', { n: page.needsTotal - page.needsRecorded.length }))}</p>` : '';
  return `${heading}${counts}<h3>${esc(t('page.needsRecorded', { n: page.needsTotal }))}</h3><table><tr><th>${esc(t('col.date'))}</th><th>${esc(t('col.customer'))}</th><th>${esc(t('rep.staff'))}</th><th>${esc(t('rep.needs'))}</th></tr>${rows.join('')}</table>${more}`;
}

function lowScores(doc: ReportData, t: Translate): string {
  const total = doc.low_scores_total ?? doc.low_scores.length;
  const heading = `<h3 data-low-scores="${total}">${esc(t('rep.lowScores', { n: total }))}</h3>`;
  if (!doc.low_scores.length) return `${heading}<p class="empty">${esc(t('page.none'))}</p>`;
  const rows = doc.low_scores.map(
    (v) =>
      `<tr data-visit="${v.id}" data-score="${v.score}"><td>${esc(v.at)}</td><td>${esc(`${v.code} ${v.name}`)}</td><td>${esc(v.staff ?? '')}</td><td class="n low">${v.score}</td><td>${esc(v.feedback ?? '')}</td></tr>`,
  );
  const more = total > doc.low_scores.length ? `<p class="note">${esc(t('page.more', { n: total - doc.low_scores.length }))}</p>` : '';
  return `${heading}<table><tr><th>${esc(t('col.date'))}</th><th>${esc(t('col.customer'))}</th><th>${esc(t('rep.staff'))}</th><th class="n">${esc(t('rep.satisfaction'))}</th><th>${esc(t('rep.feedback'))}</th></tr>${rows.join('')}</table>${more}`;
}

function audit(doc: ReportData, t: Translate): string {
  const a = doc.audit;
  return (
    `<h3>${esc(t('page.audit'))}</h3>` +
    `<table class="audit" data-audited="${a.audited}" data-mismatches="${a.mismatches}" data-mismatch-rate="${a.mismatch_rate ?? ''}">` +
    `<tr><th class="n">${esc(t('rep.audited'))}</th><th class="n">${esc(t('page.mismatches'))}</th><th class="n">${esc(t('rep.mismatchRate'))}</th></tr>` +
    `<tr><td class="n">${a.audited}</td><td class="n">${a.mismatches}</td><td class="n">${esc(pct(a.mismatch_rate))}</td></tr></table>` +
    (a.audited ? '' : `<p class="note">${esc(t('page.noAudit'))}</p>`)
  );
}

/** The report's one definitions text, a figure per line. */
function definitions(t: Translate): string {
  const items = t('report.definitions')
    .split(/[;；]\s*/)
    .filter((s) => s.trim() !== '');
  return `<h3>${esc(t('page.definitions'))}</h3><ul class="defs">${items.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`;
}
