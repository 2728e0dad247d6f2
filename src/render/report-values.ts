// How the report writes its values, the same in the terminal and in the CSV: rates as percentages, a change with its sign.
import { FormattedNumber } from '../io/csv-writer.js';

/** A rate (a fraction) as a percentage with one decimal, `80.6%`; a dash when there was nothing to measure. */
export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
export const num = (v: number | null) => (v === null ? '—' : String(v));

/** A change with its sign (`+3`, `-0.25`); a rate's change in percentage points (`+2.3`). */
export function signed(v: number | null, rate: boolean): string {
  if (v === null) return '—';
  const text = rate ? (v * 100).toFixed(1) : String(v);
  return v > 0 ? `+${text}` : text;
}

/** A rate in a CSV cell: a percentage Excel and WPS read as a number (`80.6%` is 0.806); empty when unknown. */
export const pctCell = (v: number | null) => (v === null ? null : new FormattedNumber(pct(v)));
