// A policy offset as the reader sees it ('+1个月', '+3 working days', '−1 day'), in the user's language.
import type { Offset } from '../domain/policy.js';
import type { MessageKey, Translate } from '../i18n/index.js';

export function describeOffset(t: Translate, offset: Offset): string {
  const part = (n: number | undefined, one: MessageKey, many: MessageKey) =>
    n ? [t(Math.abs(n) === 1 ? one : many, { sign: n < 0 ? '−' : '+', n: Math.abs(n) })] : [];
  const parts = [
    ...part(offset.months, 'offset.month', 'offset.months'),
    ...part(offset.days, 'offset.day', 'offset.days'),
    ...part(offset.working_days, 'offset.workingDay', 'offset.workingDays'),
  ];
  return parts.length ? parts.join(' ') : '+0';
}
