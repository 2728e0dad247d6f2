// Laying a table out for a display width (render/fit-table.ts): a 汉字 takes two columns, cut text ends in "…".
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cut, fitTable, wrap } from '../../src/render/fit-table.js';

describe('cut', () => {
  it('keeps text that fits and cuts CJK text by display width, the "…" included', () => {
    expect(cut('南京远泰', 8)).toBe('南京远泰');
    // 7 columns: three 汉字 (6) and "…" (1); a fourth would make 9.
    expect(cut('南京远泰计量', 7)).toBe('南京远…');
    // 8 columns: still three 汉字 — 3×2 + 1 = 7, and a fourth (2) would overflow to 9.
    expect(cut('南京远泰计量', 8)).toBe('南京远…');
    expect(cut('deliv.2, deliv.3', 8)).toBe('deliv.2…');
  });
});

describe('wrap', () => {
  it('breaks at spaces in English and anywhere beside a 汉字, every line within the width', () => {
    expect(wrap('Left out to fit 80 columns: add --wide', 20)).toEqual(['Left out to fit 80', 'columns: add --wide']);
    // 16 columns: 为适应(6) space 80 space(4) 列宽省(6) = 16; 略 would make 18, so the break falls after 省.
    expect(wrap('为适应 80 列宽省略了 8 列：加 --wide 显示全部列', 16)).toEqual(['为适应 80 列宽省', '略了 8 列：加', '--wide 显示全部', '列']);
  });
});

const columns = [
  { header: '#', align: 'right' as const },
  { header: 'Name', min: 8 },
  { header: 'Phone' },
  { header: 'Tier', drop: 2 },
  { header: 'Score', drop: 1, yields: true },
];
const rows = [
  ['1', '苏州精测仪器有限公司', '13812345678', 'A', '65.4'],
  ['12', '郑磊', '010-62345678', 'C', '4'],
];

describe('fitTable', () => {
  it('undefined width: every column at its full width, none dropped', () => {
    const r = fitTable(columns, rows);
    expect(r.dropped).toEqual([]);
    expect(r.lines[1]).toBe(' 1  苏州精测仪器有限公司  13812345678   A     65.4');
  });

  it('drops columns in their order (Score, then Tier) until the minimums fit, then shares the room left', () => {
    // Minimums: # 2 + name 8 + phone 12 + tier 4 + score 5 + 4 gaps × 2 = 39 > 30; without Score
    // (5 + gap) 32 > 30; without Tier (4 + gap) 26 ≤ 30, and the name gets 8 + 4 = 12 columns:
    // five 汉字 and "…" (11), padded to 12.
    const r = fitTable(columns, rows, 30);
    expect(r.dropped).toEqual(['Tier', 'Score']); // named in the table's order
    for (const line of r.lines) expect(stringWidth(line)).toBeLessThanOrEqual(30);
    expect(r.lines[1]).toBe(' 1  苏州精测仪…   13812345678');
  });

  it('a yielding column gives way to a name that would be cut; the others stay', () => {
    // At 40 the minimums fit (39) but the name (20) would be cut: Score yields its 5 + 2 columns,
    // the name gets 40 − (2 + 12 + 4 + 3 gaps × 2) = 16: seven 汉字 and "…" (15). Tier does not yield.
    const r = fitTable(columns, rows, 40);
    expect(r.dropped).toEqual(['Score']);
    expect(r.lines[1]).toBe(' 1  苏州精测仪器有…   13812345678   A');
    // At 51 (the full width) nothing goes and nothing is cut.
    expect(fitTable(columns, rows, 51).lines[1]).toBe(' 1  苏州精测仪器有限公司  13812345678   A     65.4');
  });
});
