// `huifang due --explain CODE`: which rules made each open task, from which dates, and how the score adds up.
import type { Context } from '../cli/context.js';
import { daysBetween } from '../domain/dates.js';
import { applyOffset } from '../domain/offsets.js';
import { taskKey } from '../domain/planner.js';
import { purposeText } from '../domain/policy.js';
import { customerUrgency, taskUrgency, type UrgencyTerm } from '../domain/urgency.js';
import { InputError } from '../errors.js';
import { hasMessage, vocabularyLabel, type MessageKey, type Translate } from '../i18n/index.js';
import { toJson } from '../render/json.js';
import { describeOffset } from '../render/offset.js';
import { customerByCode } from '../store/customers.js';
import type { Db } from '../store/db.js';
import { planContext, planOne } from '../store/plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';

export function explainCustomer(db: Db, ctx: Context, code: string, json: boolean): void {
  const customer = customerByCode(db, code);
  if (!customer) throw new InputError('customer.unknown', { code });
  const policy = loadPolicy(db);
  const planCtx = planContext(db, ctx.today, policy);
  const { calendar } = planCtx;
  const { planned, stored } = planOne(db, customer.id, planCtx);
  const basisOf = new Map(planned.map((p) => [taskKey(p.rule, p.source_key), p.basis]));
  const open = stored
    .filter((s) => s.status === 'open' || s.status === 'unreachable')
    .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id - b.id);

  const tasks = open.map((s) => {
    const basis = basisOf.get(taskKey(s.rule, s.source_key));
    const raw = basis ? applyOffset(basis.date, basis.offset, calendar) : s.due_on;
    const overdue = Math.max(0, daysBetween(s.due_on, ctx.today));
    const escalated = s.due_on < calendar.lateCutoff(ctx.today, policy.escalation.overdue_working_days);
    const level = s.issue_id ? (db.prepare('SELECT level FROM issue WHERE id = ?').pluck().get(s.issue_id) as string) : null;
    const u = taskUrgency({ rule: s.rule, tier: customer.tier, overdue_days: overdue, escalated, issue_level: level }, policy);
    const listed = s.list_on <= calendar.onOrAfter(ctx.today);
    return {
      id: s.id,
      rule: s.rule,
      purpose: purposeText(policy, s.rule, ctx.lang, s.purpose),
      channel: s.channel,
      basis: basis ? { from: basis.from, date: basis.date, detail: basis.detail ?? null, offset: describeOffset(ctx.t, basis.offset) } : null,
      computed: raw,
      moved: raw !== s.due_on ? { from: raw, reason: calendar.day(raw).name ?? ctx.t('explain.weekend') } : null,
      due_on: s.due_on,
      deadline: s.deadline,
      window_opens: s.window_opens,
      list_on: s.list_on,
      on_list_today: listed,
      overdue_days: overdue,
      attempts: s.attempts,
      status: s.status,
      urgency: u.score,
      terms: u.terms,
    };
  });
  const listedScores = tasks.filter((x) => x.on_list_today).map((x) => x.urgency);
  const total = listedScores.length ? customerUrgency(listedScores, policy) : null;

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
