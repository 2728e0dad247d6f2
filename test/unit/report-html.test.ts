// The report page's renderer and its charts: every text escaped, a month without data breaks the line, and met/missed said in words.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { renderReportHtml, type ReportPage } from '../../src/render/report-html.js';
import { lineChart } from '../../src/render/svg-chart.js';

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;

function figures(coverage: number | null) {
  return {
    planned: 4, done: 3, cancelled: 0, coverage, customers_due: 4, customers_reached: 3, customer_coverage: 0.75, on_time: 3, on_time_rate: 1, avg_days_late: 0,
    attempts: 3, reached: 3, reach_rate: 1, satisfaction: { mean: 4.2, n: 3, distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 }, csat: 0.6667 },
    issues: { raised: 0, responded_in_sla: 0, resolved_in_sla: 0, open: 0, open_by_age: { '0-3': 0, '4-7': 0, '8-30': 0, '30+': 0 } },
    needs: 1, conversion: null, score: 80,
  };
}

const page: ReportPage = {
  doc: {
    period: { from: '2026-10-01', to: '2026-10-31' },
    as_of: '2026-11-23',
    by: 'staff',
    overall: figures(0.75),
    rows: [{ key: HOSTILE, ...figures(0.75) }],
    targets: [
      { name: 'coverage', value: 0.75, target: 0.98, met: false },
      { name: 'satisfaction', value: 4.2, target: 4, met: true },
      { name: 'conversion', value: null, target: 0.15, met: null },
    ],
    audit: { audited: 0, mismatches: 0, mismatch_rate: null },
    low_scores: [{ id: 7, at: '2026-10-02 10:00', code: 'C1', name: HOSTILE, staff: HOSTILE, score: 2, feedback: HOSTILE }],
    weekly_target: 18,
    weekly_calls: [{ staff: HOSTILE, week: '2026-W41', from: '2026-10-05', to: '2026-10-11', calls: 3, target: 18, met: false }],
  },
  trend: [{ month: '2026-10', coverage: 0.75, on_time_rate: 1, satisfaction: 4.2 }],
  completionFloor: 0.9,
  issues: [],
  months: ['2026-07', '2026-08', '2026-09', '2026-10'],
  problems: [],
  needs: [0, 0, 0, 1],
  needsRecorded: [{ at: '2026-10-02 10:00', code: 'C1', name: HOSTILE, staff: null, needs: HOSTILE }],
  needsTotal: 1,
};

describe('renderReportHtml', () => {
  it('escapes every text from the store: names, feedback, needs, staff (also inside SVG and data attributes)', () => {
    const html = renderReportHtml(page, translator('en'), 'en');
    expect(html).not.toContain('<script');
    expect(html).not.toContain(`"x"`);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;quoted&#39;');
  });

  it('says met and missed in words beside the colour, and "no data" for a figure without data', () => {
    const html = renderReportHtml(page, translator('zh'), 'zh');
    expect(html).toMatch(/class="card missed" data-figure="coverage"[^]*?✗ 未达标/);
    expect(html).toMatch(/class="card met" data-figure="satisfaction"[^]*?✓ 达标/);
    expect(html).toMatch(/class="card na" data-figure="conversion"[^]*?无数据/);
    // A clerk below the completion floor is said to be, not only drawn red.
    expect(html).toContain('75.0% · 考核分 80 · 低于 90.0%');
  });
});

describe('lineChart', () => {
  it('breaks the line at a month without data instead of joining across it', () => {
    const svg = lineChart({ id: 't', title: 't', labels: ['a', 'b', 'c', 'd', 'e'], series: [{ id: 's', name: 's', color: '#000', values: [1, 2, null, 3, 4] }], min: 0, max: 4, ticks: [0, 4], format: String });
    // Two runs of two points each; four dots.
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
  });
});
