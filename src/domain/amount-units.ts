// Money units clerks write in headers and cells (万元, 千元, 10k…): each unit's factor to yuan (SPEC §4).

/**
 * Every unit understood, by its factor to yuan. Names are compared after NFKC folding, without
 * spaces and in lower case, so `（万元）`, `(万 元)` and `(10K)` are the same unit.
 */
const UNITS: readonly { factor: number; names: readonly string[] }[] = [
  { factor: 1, names: ['元', '人民币', '人民币元', 'rmb', 'cny', 'yuan', '¥', '￥'] },
  { factor: 1_000, names: ['千元', '千', 'k', '1k', 'thousand', 'kyuan', 'k元'] },
  { factor: 10_000, names: ['万元', '万', 'w', '10k', '10kyuan', '10thousand', 'tenthousand'] },
  { factor: 1_000_000, names: ['百万元', '百万', 'm', 'mn', 'million'] },
  { factor: 10_000_000, names: ['千万元', '千万'] },
  { factor: 100_000_000, names: ['亿元', '亿', '100m', '100million'] },
];

const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const FACTOR_BY_NAME = new Map<string, number>(UNITS.flatMap(({ factor, names }) => names.map((n) => [fold(n), factor] as const)));

/** The factor to yuan of a unit as written (`万元` → 10,000), or undefined when it is not a money unit. */
export function amountUnitFactor(unit: string): number | undefined {
  return FACTOR_BY_NAME.get(fold(unit).replace(/^(?:单位|unit)[:：]?/, ''));
}

/** The units to name in a message when one is not understood. */
export const AMOUNT_UNIT_EXAMPLES = ['元', '千元', '万元', '百万元', '亿元', '10k'] as const;

/**
 * The Chinese unit words a cell may end with (`350万`, `1.2亿`, `80000元`): the longest first, so
 * `百万元` is not read as `元` after the number `350百万`.
 */
const CELL_SUFFIXES = UNITS.flatMap(({ factor, names }) => names.filter((n) => /\p{Script=Han}/u.test(n)).map((name) => ({ name, factor }))).sort(
  (a, b) => b.name.length - a.name.length,
);

/** A cell's number text and the factor of the unit written after it (1 when there is none). */
export function splitCellUnit(text: string): { number: string; factor: number; unit?: string } {
  for (const { name, factor } of CELL_SUFFIXES) {
    if (text.endsWith(name)) return { number: text.slice(0, -name.length), factor, unit: name };
  }
  return { number: text, factor: 1 };
}

/** An amount in a unit, in yuan, rounded to the fen (520 万元 → 5,200,000). */
export function toYuan(amount: number, factor: number): number {
  return Math.round(amount * factor * 100) / 100;
}
