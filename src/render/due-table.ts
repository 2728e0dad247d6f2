// The call list on a terminal: one line per customer laid out for the screen's width, the top of the list when it is longer than the screen.
import type { Context } from '../cli/context.js';
import type { DueItem, DueList } from '../domain/due-list.js';
import { purposeText, type Policy } from '../domain/policy.js';
import { hasMessage } from '../i18n/index.js';
import { channelLabel, occasionLabel, stageLabel, warningsOf, weekdayName } from './due-view.js';
import { fitTable, wrap, type Cell, type FitColumn } from './fit-table.js';

export interface DueScreen {
  /** Display columns to fit; undefined (`--wide`): every column in full. */
  width?: number;
  /** Lines on the screen: a longer list shows its top and says how to see the rest; undefined: no cut. */
  height?: number;
  showGreetings: boolean;
  /** One line saying whose list this is (`--user`), when it is not everyone's. */
  scope?: string;
}

/** The fewest customers shown however small the screen: a plan needs its first calls. */
const MIN_SHOWN = 5;

/** A message as lines within the width (each painted), so no line of the view is wider than the screen. */
function say(text: string, width: number | undefined, paint: (s: string) => string = (s) => s): string[] {
  return (width === undefined ? [text] : wrap(text, width)).map((line) => paint(line));
}

/**
 * What each task is for, as the table shows it: on a narrow screen the catalogue's short form of the
 * rule (送货2, wake-up…), else the head of the policy's purpose; with `full`, the head and the event's ref.
 */
export function purposeHeads(it: Pick<DueItem, 'tasks'>, ctx: Context, policy: Policy, full: boolean): string[] {
  const heads = it.tasks.map((task) => {
    const short = `purposeShort.${task.rule}`;
    if (!full && hasMessage(short)) return ctx.t(short);
    const text = purposeText(policy, task.rule, ctx.lang, task.purpose);
    const head = text.split(/[：:]/)[0] ?? text;
    return full && task.ref ? `${head} ${task.ref}` : head;
  });
  if (full) return heads;
  // Without refs two deliveries' third calls read the same: say it once, with how many.
  const counts = new Map<string, number>();
  for (const h of heads) counts.set(h, (counts.get(h) ?? 0) + 1);
  return [...counts].map(([h, n]) => (n > 1 ? `${h}×${n}` : h));
}

function itemTable(items: readonly DueItem[], list: DueList, ctx: Context, policy: Policy, width: number | undefined) {
  const { t } = ctx;
  const c = ctx.color;
  const wide = width === undefined;
  // Drop order, least important first: the urgency score (the rank already says it), the stage, the
  // tries (✆ stays), the due date (the "when" column says how late), the last visit, the tier, the
  // open issues, the channel. Name, contact and purpose are cut before anything else goes; the first
  // four also give way to a name or purpose that would be cut.
  const columns: FitColumn[] = [
    { header: '#', align: 'right' },
    { header: t('col.code') },
    { header: t('col.name'), min: 14 },
    { header: t('col.contact'), min: 6 },
    { header: t('col.phone') },
    { header: t('col.purpose'), min: 12 },
    { header: t('col.dueWhen') },
    { header: t('col.tier'), drop: 6 },
    { header: t('col.stage'), drop: 2, yields: true },
    { header: t('col.channel'), drop: 8 },
    { header: t('col.issues'), align: 'right', drop: 7 },
    { header: t('col.lastVisit'), drop: 5 },
    { header: t('col.due'), drop: 4, yields: true },
    { header: t('col.attempts'), align: 'right', drop: 3, yields: true },
    { header: t('col.urgency'), align: 'right', drop: 1, yields: true },
  ];
  const flagsSeen = { escalated: false, unreachable: false };
  const rows: Cell[][] = items.map((it) => {
    const overdue = Math.max(...it.tasks.map((x) => x.overdue_days));
    const dueOn = it.tasks.map((x) => x.due_on).sort()[0] ?? '';
    const escalated = it.tasks.some((x) => x.escalated);
    const unreachable = it.tasks.some((x) => x.unreachable);
    flagsSeen.escalated ||= escalated;
    flagsSeen.unreachable ||= unreachable;
    const when = overdue > 0 ? t('due.overdueShort', { days: overdue }) : dueOn === list.today ? t('due.today') : dueOn.slice(5);
    const paint = overdue > 0 ? c.red : dueOn === list.today ? c.yellow : undefined;
    const flags = `${escalated ? '⚑' : ''}${unreachable ? '✆' : ''}`;
    return [
      String(it.rank),
      it.customer.code,
      it.customer.name,
      it.contact.name ?? '',
      it.contact.phone ?? '',
      purposeHeads(it, ctx, policy, wide).join(t('due.purposeJoin')),
      { text: flags ? `${when} ${flags}` : when, paint },
      it.customer.tier,
      stageLabel(ctx, it.customer.stage),
      channelLabel(ctx, it.channel),
      it.open_issues ? { text: String(it.open_issues), paint: c.red } : '',
      it.last_visit ? `${it.last_visit.date}${it.last_visit.score !== null ? ` · ${it.last_visit.score}★` : ''}` : { text: t('due.never'), paint: c.dim },
      dueOn,
      it.attempts ? String(it.attempts) : '',
      { text: String(it.urgency), paint: c.dim },
    ];
  });
  const fitted = fitTable(columns, rows, width);
  const legend = [flagsSeen.escalated ? t('due.flagEscalated') : '', flagsSeen.unreachable ? t('due.flagUnreachable') : ''].filter(Boolean);
  return { ...fitted, legend };
}

/** The terminal view of the call list (SPEC §3.6). */
export function renderDueTable(list: DueList, ctx: Context, policy: Policy, o: DueScreen): string {
  const { t } = ctx;
  const c = ctx.color;
  const w = o.width;
  const head: string[] = [];
  const hours = policy.call_hours.periods.map(([a, b]) => `${a}–${b}`).join(', ');
  const dayWord = list.working_day ? t('due.workingDay') : t('due.nonWorkingDay');
  head.push(...say(`${list.today} ${weekdayName(list.today, ctx.t)} · ${dayWord} · ${t('due.callHours', { hours })}`, w, list.working_day ? c.bold : c.yellow));
  if (!list.working_day) head.push(...say(t('due.showingNextWorkingDay', { date: list.list_date, weekday: weekdayName(list.list_date, ctx.t) }), w, c.yellow));
  for (const warning of warningsOf(list, ctx)) head.push(...say(`${t('label.warning')}${warning}`, w, c.yellow));
  if (o.scope) head.push(...say(o.scope, w, c.cyan));

  const tasks = list.items.reduce((n, it) => n + it.tasks.length, 0);
  const overdue = list.items.filter((it) => it.tasks.some((x) => x.overdue_days > 0)).length;
  const escalated = list.items.filter((it) => it.tasks.some((x) => x.escalated)).length;
  const summary = say(t('due.summary', { customers: list.items.length, tasks, overdue, escalated }) + (list.more ? t('due.more', { more: list.more }) : ''), w, c.bold);

  const tail = [...correctionLines(list, ctx, policy, o.width), ...greetingLines(list, ctx, o)];

  const build = (shown: number): string[] => {
    if (list.items.length === 0) return [...head, '', ...say(t('due.nothingDue'), w), ...tail];
    const table = itemTable(list.items.slice(0, shown), list, ctx, policy, o.width);
    const hints: string[] = [];
    const total = list.items.length + list.more;
    if (shown < list.items.length) hints.push(...say(t('due.notShown', { hidden: total - shown, total }), w, c.yellow));
    if (table.dropped.length) hints.push(...say(t('due.columnsLeftOut', { width: w ?? 0, count: table.dropped.length }), w, c.dim));
    const legend = table.legend.flatMap((l) => say(l, w, c.dim));
    return [...head, ...summary, ...table.lines, ...legend, ...summary, ...hints, ...tail];
  };
  // On a screen, lay out no more rows than it has (a first-day list may hold thousands), then as
  // many as leave one line for the shell's prompt, with the "not shown" hint the cut adds.
  let shown = o.height === undefined ? list.items.length : Math.min(list.items.length, o.height);
  let lines = build(shown);
  // Each row is one line; the hint the cut adds may wrap, hence a second look.
  while (o.height !== undefined && lines.length > o.height - 1 && shown > MIN_SHOWN) {
    shown = Math.max(MIN_SHOWN, shown - (lines.length - (o.height - 1)));
    lines = build(shown);
  }
  return `${lines.join('\n')}\n`;
}

/** Apart from the calls (SPEC §3.4): nobody to dial until a number is corrected or added. */
function correctionLines(list: DueList, ctx: Context, policy: Policy, width: number | undefined): string[] {
  if (list.to_correct.length === 0) return [];
  const { t } = ctx;
  const c = ctx.color;
  const table = fitTable(
    [{ header: t('col.code') }, { header: t('col.name'), min: 12 }, { header: t('col.contact'), min: 6 }, { header: t('col.wrongNumber') }, { header: t('col.purpose'), min: 12 }],
    list.to_correct.map((x) => [x.customer.code, x.customer.name, x.contact.name, x.contact.phone ?? '', purposeHeads({ tasks: x.tasks }, ctx, policy, width === undefined).join(t('due.purposeJoin'))]),
    width,
  );
  return ['', ...say(t('due.toCorrect', { count: list.to_correct.length }), width, (s) => c.bold(c.magenta(s))), ...table.lines, ...say(t('due.toCorrectHint'), width, c.dim)];
}

function greetingLines(list: DueList, ctx: Context, o: DueScreen): string[] {
  if (list.greetings.length === 0) return [];
  const { t } = ctx;
  const c = ctx.color;
  const counts = new Map<string, number>();
  for (const g of list.greetings) counts.set(g.occasion, (counts.get(g.occasion) ?? 0) + 1);
  const what = [...counts].map(([k, n]) => `${occasionLabel(ctx, k)} ${n}`).join(', ');
  const lines = say(t('due.greetings', { count: list.greetings.length, what }), o.width, c.cyan);
  if (!o.showGreetings) return [...lines, ...say(t('due.greetingsHint'), o.width, c.dim)];
  const table = fitTable(
    [{ header: t('col.date') }, { header: t('col.code') }, { header: t('col.name'), min: 12 }, { header: t('col.contact'), min: 6 }, { header: t('col.phone') }, { header: t('col.occasion') }, { header: t('col.channel'), drop: 1 }],
    list.greetings.map((g) => [g.date, g.customer.code, g.customer.name, g.contact.name ?? '', g.contact.phone ?? '', occasionLabel(ctx, g.occasion), channelLabel(ctx, g.channel)]),
    o.width,
  );
  return [...lines, ...table.lines];
}
