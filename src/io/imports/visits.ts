// visits.csv: imported visit history (客户编号, 回访时间, 回访人, 方式, 结果, 满意度, 受访人, 反馈).
import type { Channel, Outcome, Respondent } from '../../domain/vocabulary.js';
import type { ColumnSpec } from '../columns.js';
import { parseChannel, parseDateTime, parseOutcome, parseRespondent, parseScore } from '../parse-values.js';
import { ProblemCollector, type ImportKind } from './kind.js';

type F = 'customer' | 'at' | 'staff' | 'channel' | 'outcome' | 'score' | 'respondent' | 'feedback' | 'signatory';

export interface VisitRecord {
  customer: string;
  /** 'YYYY-MM-DD HH:mm'; a date without a time is taken as 00:00. */
  at: string;
  staff: string | null;
  channel: Channel;
  outcome: Outcome;
  score: number | null;
  /** undefined when the file has no such column: then a re-import does not compare it. */
  respondent: Respondent | null | undefined;
  feedback: string | null | undefined;
  signatory: string | null | undefined;
}

const columns: ColumnSpec<F>[] = [
  { field: 'customer', names: ['customer', '客户编号', '客户编码', '客户代码'], required: true },
  { field: 'at', names: ['at', '回访时间', '回访日期', '时间', '日期'], required: true },
  { field: 'staff', names: ['staff', '回访人', '回访专员', '专员', '客服'] },
  { field: 'channel', names: ['channel', '方式', '回访方式', '渠道'] },
  { field: 'outcome', names: ['outcome', '结果', '回访结果', '接通情况'] },
  { field: 'score', names: ['score', '满意度', '评分', '满意度评分'] },
  { field: 'respondent', names: ['respondent', '受访人', '接听人'] },
  { field: 'feedback', names: ['feedback', '反馈', '客户反馈', '回访内容', '意见'] },
  { field: 'signatory', names: ['signatory', '签字人', '签名'] },
];

export const visitsKind: ImportKind<F, VisitRecord> = {
  name: 'visits',
  columns,
  keyField: 'at',
  // No keyOf: the visit writer recognises a repeated row by the store's own key (see import.ts).
  parseRow(row, ctx) {
    const p = new ProblemCollector<F>();
    const customer = p.required('customer', row.optional('customer'));
    const atText = p.required('at', row.optional('at'));
    const when = atText ? p.cell('at', atText, parseDateTime) : null;
    if (when && when.date > ctx.today) p.add({ field: 'at', key: 'value.future', params: { value: atText } });
    // A history sheet without these columns records phone calls that got through.
    const channel = p.cell('channel', row.optional('channel'), parseChannel) ?? 'phone';
    const score = p.cell('score', row.optional('score'), parseScore) ?? null;
    const outcome = p.cell('outcome', row.optional('outcome'), parseOutcome) ?? 'reached';
    if (outcome === 'reached' && score === null && !p.problems.some((x) => x.field === 'score')) {
      p.add({ field: 'score', key: 'import.scoreRequired' });
    }
    if (outcome !== 'reached' && score !== null) {
      p.add({ field: 'score', key: 'import.scoreWithoutReach', params: { outcome } });
    }
    const respondent = p.cell('respondent', row.optional('respondent'), parseRespondent);
    const record: VisitRecord = {
      customer,
      at: when ? `${when.date} ${when.time ?? '00:00'}` : '',
      staff: row.optional('staff') ?? null,
      channel,
      outcome,
      score,
      respondent: outcome === 'reached' || respondent === undefined ? respondent : null,
      feedback: row.optional('feedback'),
      signatory: row.optional('signatory'),
    };
    return p.problems.length ? { problems: p.problems } : { record };
  },
};
