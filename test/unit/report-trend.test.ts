// The terminal trend (issue 13 §4): scaled to the data and the target, the month under each bar, the values printed, within 80 columns.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { trendChart } from '../../src/render/report-text.js';
import { pct } from '../../src/render/report-values.js';

const months = (n: number) => Array.from({ length: n }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

describe('trendChart', () => {
  // The example: 93–95% with an October drop to 84%, against a 98% target.
  const values = [0.95, 0.93, 0.94, 0.95, 0.84, 0.95];
  const lines = trendChart('Coverage, target ≥ 98.0%', months(6).map((m, i) => [m, values[i] ?? null]), 0.98, pct).split('\n');
  // The title, the target line (the target is the top of the scale here), four rows of bars, the months, the values.
  const [title, targetLine, top, , , bottom, labels, shown] = lines as [string, string, string, string, string, string, string, string];

  it('draws the month under each bar and the value under the month', () => {
    expect(title).toBe('  Coverage, target ≥ 98.0%');
    expect(labels).toBe('         26-01  26-02  26-03  26-04  26-05  26-06');
    expect(shown).toBe('         95.0%  93.0%  94.0%  95.0%  84.0%  95.0%');
    // Each bar is the five columns of its month label.
    const at = labels.indexOf('26-05');
    expect(bottom.slice(at, at + 5)).toBe('▇▇▇▇▇');
  });

  it('scales from a little below the lowest value to the target, so the drop is plain to see', () => {
    // lo = 0.84 − (0.98 − 0.84) / 4 = 0.805, down to a hundredth: 0.80; hi = 0.98 (the target). In eighths of
    // the four rows (32): 84% → (0.04 / 0.18) × 32 = 7.1 → 7 (▇ in the bottom row only); 95% → (0.15 / 0.18) × 32 = 26.7 → 27
    // (three full rows and ▃ in the top one). The target line is above the bars, labelled on the axis.
    expect(targetLine.startsWith(' 98.0% ┤┄')).toBe(true);
    expect(top.startsWith('       │')).toBe(true);
    expect(bottom.startsWith(' 80.0% ┤')).toBe(true);
    const col = (m: string) => labels.indexOf(m);
    const bar = (line: string | undefined, m: string) => line?.slice(col(m), col(m) + 5);
    expect([bar(targetLine, '26-01'), bar(top, '26-01'), bar(lines[3], '26-01'), bar(lines[4], '26-01'), bar(bottom, '26-01')]).toEqual(['┄┄┄┄┄', '▃▃▃▃▃', '█████', '█████', '█████']);
    expect([bar(top, '26-05'), bar(lines[3], '26-05'), bar(lines[4], '26-05'), bar(bottom, '26-05')]).toEqual(['     ', '     ', '     ', '▇▇▇▇▇']);
  });

  it('a value above the target crosses its line, which sits between the rows at the target', () => {
    // Values 0.5 and 1 against 0.8: lo = 0.5 − 0.5 / 4 = 0.375, down to 0.37; hi = 1; the target is
    // (0.8 − 0.37) / 0.63 × 4 = 2.73 → 3 rows up, so one row of bars lies above the line.
    const chart = trendChart('Coverage', [['2026-01', 0.5], ['2026-02', 1]], 0.8, pct).split('\n');
    expect(chart[1]?.startsWith('100.0% ┤')).toBe(true);
    expect(chart[2]).toBe(' 80.0% ┤┄┄┄┄┄┄┄┄█████┄');
    expect(chart[5]?.startsWith(' 37.0% ┤')).toBe(true);
  });

  it('a month without data has no bar and a dash', () => {
    const chart = trendChart('Satisfaction', [['2026-01', null], ['2026-02', 4.5]], 4.8, (v) => (v === null ? '—' : String(v)));
    expect(chart.split('\n').at(-1)).toBe('             —    4.5');
  });

  it('ten months, the most the policy allows, fit in 80 columns', () => {
    const chart = trendChart('Coverage, target ≥ 98.0%', months(10).map((m) => [m, 1]), 0.98, pct);
    for (const line of chart.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(chart.split('\n').at(-1)).toContain('100.0%');
  });
});
