// The call list as the JSON of INTERFACE.md and as a CSV call sheet (the terminal view is due-table.ts).
import type { Context } from '../cli/context.js';
import type { DueItem, DueList, DueTask } from '../domain/due-list.js';
import { weekday } from '../domain/dates.js';
import { purposeText, type Policy } from '../domain/policy.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { shownPhone } from './mask.js';

export function weekdayName(date: string, t: Translate): string {
  return t(`weekday.${weekday(date)}` as MessageKey);
}

/** INTERFACE.md `due --json`: the contract's fields, plus a few extras (escalated, suggested channel…). */
export function dueJson(list: DueList, ctx: Context, policy: Policy) {
  const taskJson = (t: DueTask) => ({
    id: t.id,
    rule: t.rule,
    purpose: purposeText(policy, t.rule, ctx.lang, t.purpose),
    channel: t.channel,
    due_on: t.due_on,
    deadline: t.deadline,
    overdue_days: t.overdue_days,
    attempts: t.attempts,
    escalated: t.escalated,
    unreachable: t.unreachable,
    urgency: t.urgency,
    ref: t.ref,
  });
  const customerJson = (c: DueItem['customer']) => ({ code: c.code, name: c.name, tier: c.tier, stage: c.stage, owner: c.owner });
  return {
    today: list.today,
    working_day: list.working_day,
    list_date: list.list_date,
    until: list.until,
    items: list.items.map((it) => ({
      rank: it.rank,
      urgency: it.urgency,
      customer: customerJson(it.customer),
      contact: { name: it.contact.name, phone: it.contact.phone },
      tasks: it.tasks.map(taskJson),
      last_visit: it.last_visit,
      open_issues: it.open_issues,
      suggested_channel: it.channel,
    })),
    greetings: list.greetings.map((g) => ({
      customer: g.customer,
      contact: g.contact,
      occasion: g.occasion,
      date: g.date,
      channel: g.channel,
    })),
    to_correct: list.to_correct.map((x) => ({
      customer: customerJson(x.customer),
      contact: { name: x.contact.name, phone: x.contact.phone }, // masked by toJson unless --reveal
      tasks: x.tasks.map(taskJson),
    })),
    more: list.more,
    warnings: warningsOf(list, ctx),
  };
}

export function warningsOf(list: DueList, ctx: Context): string[] {
  return list.uncovered_years.map((year) => ctx.t('due.uncoveredYear', { year }));
}

export const stageLabel = (ctx: Context, stage: string) => ctx.t(`stage.${stage}` as MessageKey);
export const channelLabel = (ctx: Context, channel: string) => ctx.t(`channel.${channel}` as MessageKey);
export const occasionLabel = (ctx: Context, occasion: string) => ctx.t(`occasion.${occasion}` as MessageKey);

function purposes(it: Pick<DueItem, 'tasks'>, ctx: Context, policy: Policy): string[] {
  return it.tasks.map((t) => {
    const text = purposeText(policy, t.rule, ctx.lang, t.purpose);
    return t.ref ? `${text} ${t.ref}` : text;
  });
}

/** The call sheet (UTF-8 with BOM via toCsv); phones masked unless --reveal (SPEC §5). */
export function dueCsvRows(list: DueList, ctx: Context, policy: Policy, reveal: boolean): (string | number | null)[][] {
  const { t } = ctx;
  const header = [
    t('col.rank'), t('col.code'), t('col.name'), t('col.tier'), t('col.stage'), t('col.contact'), t('col.phone'),
    t('col.purpose'), t('col.due'), t('col.overdueDays'), t('col.lastVisit'), t('col.lastScore'), t('col.issues'),
    t('col.channel'), t('col.attempts'), t('col.urgency'),
  ];
  const rows = list.items.map((it) => [
    it.rank,
    it.customer.code,
    it.customer.name,
    it.customer.tier,
    stageLabel(ctx, it.customer.stage),
    it.contact.name,
    shownPhone(it.contact.phone, reveal),
    purposes(it, ctx, policy).join('; '),
    it.tasks.map((x) => x.due_on).sort()[0] ?? '',
    Math.max(...it.tasks.map((x) => x.overdue_days)),
    it.last_visit?.date ?? '',
    it.last_visit?.score ?? null,
    it.open_issues,
    channelLabel(ctx, it.channel),
    it.attempts,
    it.urgency,
  ]);
  return [header, ...rows];
}

/** The greeting send list (`due --greetings --csv`). */
export function greetingsCsvRows(list: DueList, ctx: Context, reveal: boolean): (string | number | null)[][] {
  const { t } = ctx;
  return [
    [t('col.date'), t('col.code'), t('col.name'), t('col.contact'), t('col.phone'), t('col.occasion'), t('col.channel')],
    ...list.greetings.map((g) => [
      g.date,
      g.customer.code,
      g.customer.name,
      g.contact.name,
      shownPhone(g.contact.phone, reveal),
      occasionLabel(ctx, g.occasion),
      channelLabel(ctx, g.channel),
    ]),
  ];
}
