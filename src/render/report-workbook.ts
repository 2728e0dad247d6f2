// `report --xlsx`: the figures against their targets, one sheet per grouping, the weekly quota and the
// visit records, as typed sheets. The grouping, weekly and detail sheets are the CSV exports' rows.
import type { Period } from '../domain/period.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { CsvCell } from '../io/csv-writer.js';
import type { CellType, CellValue, Sheet, TypedCell } from '../io/workbook-writer.js';
import { sheetOfRows, type ColumnTypes } from './sheet-of-rows.js';

type Rows = readonly (readonly CsvCell[])[];

/** A figure's name in the report (`on_time_rate` → 报表的“及时率”), the same words in every rendering. */
export const figureLabel = (t: Translate, name: string) => t(`rep.${name.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())}` as MessageKey);

/** What the summary sheet reads of the report (the command's document, as `--json` gives it). */
export interface ReportSummary {
  period: Period;
  as_of: string;
  targets: readonly { name: string; value: number | null; target: number; met: boolean | null }[];
  overall: {
    planned: number;
    done: number;
    cancelled: number;
    reach_rate: number | null;
    satisfaction: { n: number };
    issues: { raised: number; open: number };
    needs: number;
    score: number | null;
  };
  audit: { audited: number; mismatch_rate: number | null };
}

const PERIOD: ColumnTypes = { 'col.periodFrom': 'date', 'col.periodTo': 'date', 'col.asOf': 'date' };
const GROUP_TYPES: ColumnTypes = {
  ...PERIOD,
  'rep.planned': 'integer',
  'rep.done': 'integer',
  'rep.cancelled': 'integer',
  'rep.coverage': 'percent',
  'rep.customerCoverage': 'percent',
  'rep.onTimeRate': 'percent',
  'rep.avgDaysLate': 'number',
  'rep.reachRate': 'percent',
  'rep.satisfaction': 'number',
  'rep.scored': 'integer',
  'rep.csat': 'percent',
  'rep.issuesRaised': 'integer',
  'rep.respondedInSla': 'integer',
  'rep.resolvedInSla': 'integer',
  'rep.issuesOpen': 'integer',
  'rep.needs': 'integer',
  'rep.conversion': 'percent',
  'rep.score': 'number',
};
const WEEKLY_TYPES: ColumnTypes = { ...PERIOD, 'rep.weekFrom': 'date', 'rep.weekTo': 'date', 'rep.calls': 'integer', 'report.target': 'integer' };
// In the detail a visit's satisfaction is its score (a whole number) and its date has a time.
const DETAIL_TYPES: ColumnTypes = { ...PERIOD, 'rep.visit': 'integer', 'col.date': 'date', 'col.phone': 'phone', 'rep.satisfaction': 'integer', 'rep.supersedes': 'integer' };

/** Each figure with its target and, in words, whether it was met; then the counts behind them. */
export function summarySheet(t: Translate, doc: ReportSummary): Sheet {
  const cell = (value: CellValue, type: CellType): TypedCell => ({ value, type });
  // Satisfaction is a mean of 1–5 scores; every other target is a share.
  const kind = (name: string): CellType => (name === 'satisfaction' ? 'number' : 'percent');
  const o = doc.overall;
  const plain = (key: MessageKey, value: CellValue, type: CellType) => [t(key), cell(value, type), null, null];
  return {
    name: t('sheet.summary'),
    columns: [
      { header: t('report.figure'), type: 'text' },
      { header: t('report.value'), type: 'number' },
      { header: t('report.target'), type: 'number' },
      { header: t('rep.quotaMet'), type: 'text' },
    ],
    rows: [
      plain('col.periodFrom', doc.period.from, 'date'),
      plain('col.periodTo', doc.period.to, 'date'),
      plain('col.asOf', doc.as_of, 'date'),
      ...doc.targets.map((x) => [
        figureLabel(t, x.name),
        cell(x.value, kind(x.name)),
        cell(x.target, kind(x.name)),
        t(x.met === null ? 'report.na' : x.met ? 'report.met' : 'report.missed'),
      ]),
      plain('rep.planned', o.planned, 'integer'),
      plain('rep.done', o.done, 'integer'),
      plain('rep.cancelled', o.cancelled, 'integer'),
      plain('rep.reachRate', o.reach_rate, 'percent'),
      plain('rep.scored', o.satisfaction.n, 'integer'),
      plain('rep.issuesRaised', o.issues.raised, 'integer'),
      plain('rep.issuesOpen', o.issues.open, 'integer'),
      plain('rep.needs', o.needs, 'integer'),
      plain('rep.score', o.score, 'number'),
      plain('rep.audited', doc.audit.audited, 'integer'),
      plain('rep.mismatchRate', doc.audit.mismatch_rate, 'percent'),
    ],
  };
}

/** One grouping (`report --csv --by staff|tier|channel`'s rows), named as the terminal report heads it. */
export const groupSheet = (t: Translate, by: 'staff' | 'tier' | 'channel', rows: Rows): Sheet => sheetOfRows(t, t(`report.by.${by}`), rows, GROUP_TYPES);

/** `report --csv --weekly`'s rows. */
export const weeklySheet = (t: Translate, rows: Rows): Sheet => sheetOfRows(t, t('sheet.weekly'), rows, WEEKLY_TYPES);

/** `report --csv --detail`'s rows (phones already masked unless --reveal). */
export const detailSheet = (t: Translate, rows: Rows): Sheet => sheetOfRows(t, t('sheet.detail'), rows, DETAIL_TYPES);
