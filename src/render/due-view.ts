// The call list as a table a clerk enjoys reading, as the JSON of INTERFACE.md, and as a CSV call sheet.
import type { Context } from '../cli/context.js';
import type { DueItem, DueList, DueTask } from '../domain/due-list.js';
import { weekday } from '../domain/dates.js';
import { purposeText, type Policy } from '../domain/policy.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { shownPhone } from './mask.js';
import { renderTable } from './table.js';

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

function warningsOf(list: DueList, ctx: Context): string[] {
  return list.uncovered_years.map((year) => ctx.t('due.uncoveredYear', { year }));
}

const stageLabel = (ctx: Context, stage: string) => ctx.t(`stage.${stage}` as MessageKey);
const channelLabel = (ctx: Context, channel: string) => ctx.t(`channel.${channel}` as MessageKey);
const occasionLabel = (ctx: Context, occasion: string) => ctx.t(`occasion.${occasion}` as MessageKey);

function purposes(it: Pick<DueItem, 'tasks'>, ctx: Context, policy: Policy, short = false): string[] {
  return it.tasks.map((t) => {
    let text = purposeText(policy, t.rule, ctx.lang, t.purpose);
    // In the table only the head of a purpose ('送货后首次回访'), to keep the line within a terminal.
    if (short) text = text.split(/[：:]/)[0] ?? text;
    return t.ref ? `${text} ${t.ref}` : text;
  });
}

export function renderDueTable(list: DueList, ctx: Context, policy: Policy, o: { showGreetings: boolean; staff?: string }): string {
  const { t } = ctx;
  const c = ctx.color;
  const out: string[] = [];
  const hours = policy.call_hours.periods.map(([a, b]) => `${a}–${b}`).join(', ');
  const dayWord = list.working_day ? t('due.workingDay') : c.yellow(t('due.nonWorkingDay'));
  out.push(c.bold(`${list.today} ${weekdayName(list.today, ctx.t)} · ${dayWord} · ${t('due.callHours', { hours })}`));
  if (!list.working_day) out.push(c.yellow(t('due.showingNextWorkingDay', { date: list.list_date, weekday: weekdayName(list.list_date, ctx.t) })));
  for (const w of warningsOf(list, ctx)) out.push(c.yellow(`${t('label.warning')}${w}`));

  if (list.items.length === 0) {
    out.push('', t('due.nothingDue'));
  } else {
    const rows = list.items.map((it) => {
      const overdue = Math.max(...it.tasks.map((x) => x.overdue_days));
      const dueOn = it.tasks.map((x) => x.due_on).sort()[0] ?? '';
      const paint = (s: string) => (overdue > 0 ? c.red(s) : dueOn === list.today ? c.yellow(s) : s);
      const flags = [
        it.tasks.some((x) => x.escalated) ? c.red(t('due.flagEscalated')) : '',
        it.tasks.some((x) => x.unreachable) ? c.magenta(t('due.flagUnreachable')) : '',
      ].filter(Boolean);
      return [
        String(it.rank),
        `${it.customer.code}\n${it.customer.name}`,
        `${it.contact.name ?? ''}\n${it.contact.phone ?? ''}`,
        `${it.customer.tier} · ${stageLabel(ctx, it.customer.stage)}`,
        [...purposes(it, ctx, policy, true), ...flags].join('\n'),
        paint(dueOn),
        paint(overdue > 0 ? t('due.daysOverdue', { days: overdue }) : dueOn === list.today ? t('due.today') : ''),
        it.last_visit ? `${it.last_visit.date}${it.last_visit.score !== null ? ` · ${it.last_visit.score}★` : ''}` : c.dim(t('due.never')),
        it.open_issues ? c.red(String(it.open_issues)) : '',
        channelLabel(ctx, it.channel),
        it.attempts ? String(it.attempts) : '',
        c.dim(String(it.urgency)),
      ];
    });
    out.push(
      renderTable(
        [
          { header: '#', align: 'right' },
          { header: t('col.customer') },
          { header: t('col.contact') },
          { header: t('col.tierStage') },
          { header: t('col.purpose') },
          { header: t('col.due') },
          { header: t('col.overdue') },
          { header: t('col.lastVisit') },
          { header: t('col.issues'), align: 'right' },
          { header: t('col.channel') },
          { header: t('col.attempts'), align: 'right' },
          { header: t('col.urgency'), align: 'right' },
        ],
        rows,
      ),
    );
  }
  if (list.to_correct.length) {
    // Apart from the calls (SPEC §3.4): nobody to dial until a number is corrected or added.
    out.push('', c.bold(c.magenta(t('due.toCorrect', { count: list.to_correct.length }))));
    out.push(
      renderTable(
        [{ header: t('col.customer') }, { header: t('col.contact') }, { header: t('col.wrongNumber') }, { header: t('col.purpose') }],
        list.to_correct.map((x) => [
          `${x.customer.code} ${x.customer.name}`,
          x.contact.name,
          x.contact.phone ?? '',
          purposes({ tasks: x.tasks }, ctx, policy, true).join('\n'),
        ]),
      ),
    );
    out.push(c.dim(t('due.toCorrectHint')));
  }
  const tasks = list.items.reduce((n, it) => n + it.tasks.length, 0);
  const overdue = list.items.filter((it) => it.tasks.some((x) => x.overdue_days > 0)).length;
  const escalated = list.items.filter((it) => it.tasks.some((x) => x.escalated)).length;
  out.push(
    t('due.summary', { customers: list.items.length, tasks, overdue, escalated }) +
      (list.more ? c.yellow(t('due.more', { more: list.more })) : ''),
  );
  if (list.greetings.length) {
    const counts = new Map<string, number>();
    for (const g of list.greetings) counts.set(g.occasion, (counts.get(g.occasion) ?? 0) + 1);
    const what = [...counts].map(([k, n]) => `${occasionLabel(ctx, k)} ${n}`).join(', ');
    out.push(c.cyan(t('due.greetings', { count: list.greetings.length, what })));
    if (o.showGreetings) {
      out.push(
        renderTable(
          [{ header: t('col.date') }, { header: t('col.customer') }, { header: t('col.contact') }, { header: t('col.occasion') }, { header: t('col.channel') }],
          list.greetings.map((g) => [
            g.date,
            `${g.customer.code} ${g.customer.name}`,
            `${g.contact.name ?? ''} ${g.contact.phone ?? ''}`.trim(),
            occasionLabel(ctx, g.occasion),
            channelLabel(ctx, g.channel),
          ]),
        ),
      );
    } else {
      out.push(c.dim(t('due.greetingsHint')));
    }
  }
  return `${out.join('\n')}\n`;
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
