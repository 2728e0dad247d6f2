// `due --print`: the call list as a plain-text sheet 80 columns wide, to print and take away: full numbers, boxes for the outcome, a signature line.
import { displayWidth } from './display-width.js';
import type { Context } from '../cli/context.js';
import type { DueList } from '../domain/due-list.js';
import type { Policy } from '../domain/policy.js';
import { OUTCOMES } from '../domain/vocabulary.js';
import type { MessageKey } from '../i18n/index.js';
import { purposeHeads } from './due-table.js';
import { channelLabel, weekdayName } from './due-view.js';
import { cut, wrap } from './fit-table.js';
import { shownPhone } from './mask.js';

/** Plain text fits any printer and editor at 80 columns (A4 portrait at 10 characters per inch). */
export const SHEET_WIDTH = 80;

/** `left` and `right` on one line of `width` columns, `left` cut when both do not fit. */
function spread(left: string, right: string, width = SHEET_WIDTH): string {
  const room = width - displayWidth(right) - 2;
  const l = cut(left, Math.max(room, 0));
  return `${l}${' '.repeat(Math.max(2, width - displayWidth(l) - displayWidth(right)))}${right}`;
}

/**
 * One block per customer (what to say, whom to dial, boxes to tick, room for a note), a rule between
 * blocks, and the clerk's signature at the end. `reveal` decides whether the numbers are full.
 */
export function renderCallSheet(list: DueList, ctx: Context, policy: Policy, o: { staff?: string; reveal: boolean }): string {
  const { t } = ctx;
  const rule = '─'.repeat(SHEET_WIDTH);
  const hours = policy.call_hours.periods.map(([a, b]) => `${a}–${b}`).join(', ');
  const title = [t('sheet.title'), o.staff, `${list.list_date} ${weekdayName(list.list_date, t)}`].filter(Boolean).join(' · ');
  const out = [spread(title, t('due.callHours', { hours })), cut(t('sheet.count', { customers: list.items.length }), SHEET_WIDTH), rule];
  const boxes = OUTCOMES.map((x) => `□${t(`outcome.${x}` as MessageKey)}`).join(' ');
  for (const it of list.items) {
    const overdue = Math.max(...it.tasks.map((x) => x.overdue_days));
    const dueOn = it.tasks.map((x) => x.due_on).sort()[0] ?? '';
    const when = overdue > 0 ? t('due.overdueShort', { days: overdue }) : dueOn === list.today ? t('due.today') : dueOn;
    const flags = `${it.tasks.some((x) => x.escalated) ? ' ⚑' : ''}${it.tasks.some((x) => x.unreachable) ? ' ✆' : ''}`;
    const indent = ' '.repeat(String(it.rank).length + 2);
    out.push(spread(`${it.rank}. ${it.customer.code} ${it.customer.name} (${it.customer.tier})`, `${when}${flags}`));
    const phone = shownPhone(it.contact.phone, o.reveal) ?? '';
    out.push(cut(`${indent}${[it.contact.name, phone].filter(Boolean).join('  ')}  ·  ${channelLabel(ctx, it.channel)}`, SHEET_WIDTH));
    out.push(...wrap(purposeHeads(it, ctx, policy, true).join(t('due.purposeJoin')), SHEET_WIDTH - indent.length).map((l) => indent + l));
    out.push(cut(`${indent}${t('sheet.outcome')}${boxes}`, SHEET_WIDTH));
    const note = `${indent}${t('sheet.note')}`;
    const score = `  ${t('sheet.score')}____`;
    out.push(`${note}${'_'.repeat(Math.max(4, SHEET_WIDTH - displayWidth(note) - displayWidth(score)))}${score}`);
    out.push(rule);
  }
  if (list.more) out.push(t('sheet.more', { more: list.more }));
  out.push('', spread(`${t('sheet.signature')}____________________`, `${t('sheet.date')}____________`));
  return `${out.join('\n')}\n`;
}
