// src/render/table.ts lays tables out exactly as cli-table3 did (same options as before), only faster:
// compared byte for byte with cli-table3 on generated tables of CJK and ASCII text, colours, line breaks.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { clusters, displayWidth } from '../../src/render/display-width.js';
import { renderPairs, renderTable, type Column } from '../../src/render/table.js';

/** The cli-table3 settings table.ts used before it was rewritten. */
const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: ' ',
};
function cliTable3(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: NO_BORDERS,
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}
function cliTable3Pairs(pairs: readonly (readonly [string, string])[]): string {
  const table = new Table({
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    chars: { ...NO_BORDERS, middle: '' },
  });
  for (const [k, v] of pairs) table.push([k, v]);
  return table.toString();
}

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor((s / 2 ** 31) * n);
  };
}

const chalk = new Chalk({ level: 1 });
const STYLE = [chalk.red, chalk.bold, chalk.gray, chalk.dim, chalk.bgYellow, chalk.inverse, chalk.underline, chalk.red.bold, chalk.green.italic, chalk.strikethrough];
// Characters our tables show: ASCII, 汉字, full-width punctuation, and a few narrow symbols.
const WORDS = ['A', 'B002664', '张三', '客户2664有限公司', '，', '（重要）', '·', '—', '…', '✓', '¥1,200', ' ', '2026-11-23', '周一', 'x y', '电话 138****0000', ''];

const OPEN = ['\u001b[31m', '\u001b[1m\u001b[4m\u001b[43m\u001b[32m', '\u001b[3m\u001b[9m\u001b[7m', '\u001b[22m\u001b[1m', '\u001b[31m\u001b[0m\u001b[4m', '\u001b[90m\u001b[39m\u001b[104m'];

function text(r: (n: number) => number): string {
  let out = '';
  for (let i = r(5); i >= 0; i--) {
    let word = WORDS[r(WORDS.length)] as string;
    if (r(4) === 0) word = (STYLE[r(STYLE.length)] as (s: string) => string)(word);
    if (r(8) === 0) word += '\n';
    out += word;
  }
  // Colours and styles left open over a line break (cli-table3 closes them at each line's end and
  // opens them again on the next), a reset among them.
  if (r(5) === 0) out = `${OPEN[r(OPEN.length)]}${out}\n${WORDS[r(WORDS.length)]}`;
  return out;
}

describe('renderTable', () => {
  it('is byte for byte what cli-table3 printed, over 400 generated tables', () => {
    const r = random(11);
    for (let n = 0; n < 400; n++) {
      const aligns = ['left', 'right', 'center', undefined] as const;
      const columns: Column[] = Array.from({ length: 1 + r(5) }, () => ({ header: text(r), align: aligns[r(4)] }));
      const rows = Array.from({ length: r(6) }, () => columns.map(() => text(r)));
      expect(renderTable(columns, rows), JSON.stringify({ columns, rows })).toBe(cliTable3(columns, rows));
    }
  });

  it('pads a 汉字 as two columns and a colour code as none (hand-checked)', () => {
    const red = chalk.red('ok');
    // Widths: 名称 = 4, ok = 2 → column 4 + padding 2 = 6; 数 = 2, 10 = 2 → 4; one space between columns.
    expect(renderTable([{ header: '名称' }, { header: '数', align: 'right' }], [[red, '10']])).toBe(` 名称   数 \n ${red}     10 `);
  });
});

describe('renderPairs', () => {
  it('is byte for byte what cli-table3 printed, over 200 generated blocks', () => {
    const r = random(5);
    for (let n = 0; n < 200; n++) {
      const pairs = Array.from({ length: r(6) }, () => [text(r), text(r)] as const);
      expect(renderPairs(pairs), JSON.stringify(pairs)).toBe(cliTable3Pairs(pairs));
    }
  });
});

describe('displayWidth', () => {
  it("is string-width's width, also where characters join into one cluster (combining marks, jamo, emoji sequences)", () => {
    // Pieces that join their neighbours (é as e + U+0301, 한 as jamo, a family emoji, a flag, a keycap,
    // ZWJ, variation selector 16, a Devanagari vowel sign) and a hyperlink's escape codes among pieces that do not.
    const pieces = ['a', '汉', '（', '·', '—', '…', '✓', '⚠', '\ufe0f', 'e\u0301', '\u1112\u1161\u11ab', '한', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}', '\u{1F1E8}\u{1F1F3}', '1\ufe0f\u20e3', '\u200d', 'क\u093e', '\u00ad', '\t', 'ｶﾞ', '\u3099', chalk.red('红'), '⚠\u200d⚠', '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007'];
    const r = random(3);
    for (let n = 0; n < 3000; n++) {
      const s = Array.from({ length: 1 + r(6) }, () => pieces[r(pieces.length)]).join('');
      expect(displayWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
    }
  });

  it('cuts text into the grapheme clusters Intl.Segmenter finds, with or without joining characters', () => {
    const segmenter = new Intl.Segmenter();
    const pieces = ['a', '汉', '（', ' ', 'e\u0301', '\u1112\u1161\u11ab', '\u{1F468}\u200d\u{1F469}', '\u{1F1E8}\u{1F1F3}', '1\ufe0f\u20e3', 'क\u093e', '\r\n', '\t'];
    const r = random(5);
    for (let n = 0; n < 3000; n++) {
      const s = Array.from({ length: 1 + r(6) }, () => pieces[r(pieces.length)]).join('');
      expect([...clusters(s)], JSON.stringify(s)).toEqual(Array.from(segmenter.segment(s), (x) => x.segment));
    }
  });

  it('counts a 汉字 and a full-width mark as two columns, ASCII and · as one (hand-checked)', () => {
    // 客户 2×2, space 1, A 1, · 1 (ambiguous width, narrow outside East Asian fonts), （ 2.
    expect(displayWidth('客户 A·（')).toBe(9);
  });
});
