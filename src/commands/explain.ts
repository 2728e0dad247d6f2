// `huifang due --explain CODE`: which rules made each open task, from which dates, and how the score adds up.
import type { Context } from '../cli/context.js';
import { explainPlan } from '../app/explain.js';
import { purposeText } from '../domain/policy.js';
import type { UrgencyTerm } from '../domain/urgency.js';
import { hasMessage, vocabularyLabel, type MessageKey, type Translate } from '../i18n/index.js';
import { toJson } from '../render/json.js';
import { describeOffset } from '../render/offset.js';
import type { Db } from '../store/db.js';

export function explainCustomer(db: Db, ctx: Context, code: string, json: boolean): void {
  const { customer, policy, calendar, tasks: explained, total } = explainPlan(db, code, ctx);
  const tasks = explained.map(({ task: s, basis, computed, ...scored }) => ({
    id: s.id,
    rule: s.rule,
    purpose: purposeText(policy, s.rule, ctx.lang, s.purpose),
    channel: s.channel,
    basis: basis ? { from: basis.from, date: basis.date, detail: basis.detail ?? null, offset: describeOffset(ctx.t, basis.offset) } : null,
    computed,
    moved: computed !== s.due_on ? { from: computed, reason: calendar.day(computed).name ?? ctx.t('explain.weekend') } : null,
    due_on: s.due_on,
    deadline: s.deadline,
    window_opens: s.window_opens,
    list_on: s.list_on,
    on_list_today: scored.on_list_today,
    overdue_days: scored.overdue_days,
    attempts: s.attempts,
    status: s.status,
    urgency: scored.urgency,
    terms: scored.terms,
  }));

  if (json) {
    ctx.stdout.write(toJson({ customer: { code: customer.code, name: customer.name, tier: customer.tier }, today: ctx.today, tasks, urgency: total }));
    return;
  }
  const { t } = ctx;
  const c = ctx.color;
  const term = (x: UrgencyTerm) => `${t(`urgency.${x.name}` as MessageKey)} ${x.detail} = ${x.value}`;
  const out: string[] = [c.bold(`${customer.code} ${customer.name} · ${customer.tier}`)];
  if (tasks.length === 0) out.push(t('explain.noOpenTasks'));
  for (const x of tasks) {
    out.push('', c.bold(`#${x.id} ${x.purpose}`) + c.dim(` (${x.rule} · ${t(`channel.${x.channel}` as MessageKey)})`));
    if (x.basis) {
      const from = t(`basis.${x.basis.from}` as MessageKey);
      const detail = x.basis.detail ? ` (${basisDetail(t, x.basis.detail)})` : '';
      out.push(`  ${t('explain.countsFrom', { from, date: x.basis.date, detail, offset: x.basis.offset, computed: x.computed })}`);
    }
    if (x.moved) out.push(`  ${t('explain.moved', { from: x.moved.from, reason: x.moved.reason, to: x.due_on })}`);
    out.push(`  ${t('explain.dates', { due: x.due_on, deadline: x.deadline, window: x.window_opens })}`);
    if (x.list_on !== x.due_on) out.push(`  ${t('explain.listOn', { date: x.list_on })}`);
    if (x.attempts) out.push(`  ${t('explain.attempts', { n: x.attempts })}`);
    out.push(`  ${t('explain.urgency', { score: x.urgency })}${x.terms.length ? ` = ${x.terms.map(term).join(' + ')}` : ''}`);
    if (!x.on_list_today) out.push(c.dim(`  ${t('explain.notYetListed')}`));
  }
  if (total) {
    out.push('', c.bold(t('explain.total', { score: total.score })) + (total.extra ? ` (${t('explain.maxPlus')} ${term(total.extra)})` : ''));
  }
  ctx.stdout.write(`${out.join('\n')}\n`);
}

/** The planner's basis detail holds an event type ('delivery FH-1') or an issue's level ('#3 urgent'): said in the user's language. */
function basisDetail(t: Translate, detail: string): string {
  return detail
    .split(' ')
    .map((w) => (hasMessage(`eventType.${w}`) ? vocabularyLabel(t, 'eventType', w) : vocabularyLabel(t, 'level', w)))
    .join(' ');
}
