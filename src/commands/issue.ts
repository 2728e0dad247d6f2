// `huifang issue list|show|respond|resolve|confirm|reopen`: chase every problem to the customer's confirmation (SPEC §3.4).
import type { Context } from '../cli/context.js';
import { stampMinutes } from '../domain/dates.js';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { parseDateTime, parseIssueLevel } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { changeIssueState, issueWithTransitions, listIssues } from '../app/issues.js';
import type { IssueAction } from '../domain/issue-states.js';
import type { IssueLevel } from '../domain/vocabulary.js';
import { openStore } from '../store/db.js';
import type { IssueWithCustomer } from '../store/issues.js';
import { OptionChecker } from './option-values.js';

function clock(ctx: Context, deadline: string, doneAt: string | null): { late_minutes: number; done: boolean } {
  const until = doneAt ?? ctx.now;
  return { late_minutes: stampMinutes(until) - stampMinutes(deadline), done: doneAt !== null };
}

function describe(ctx: Context, c: { late_minutes: number; done: boolean }): string {
  const m = Math.abs(c.late_minutes);
  const span = m >= 1440 ? ctx.t('issue.days', { n: Math.round((m / 1440) * 10) / 10 }) : m >= 60 ? ctx.t('issue.hours', { n: Math.round((m / 60) * 10) / 10 }) : ctx.t('issue.minutes', { n: m });
  if (c.done) return c.late_minutes > 0 ? ctx.color.red(ctx.t('issue.doneLate', { span })) : ctx.color.green(ctx.t('issue.doneInTime'));
  return c.late_minutes > 0 ? ctx.color.red(ctx.t('issue.late', { span })) : ctx.t('issue.left', { span });
}

function withClocks(ctx: Context, i: IssueWithCustomer) {
  return {
    ...i,
    respond_clock: clock(ctx, i.respond_by, i.responded_at),
    resolve_clock: clock(ctx, i.resolve_by, i.resolved_at),
  };
}

export function issueList(ctx: Context, options: { open?: boolean; level?: string; overdue?: boolean; json?: boolean }): void {
  const check = new OptionChecker();
  const level = check.value('--level', options.level, parseIssueLevel);
  check.done();
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const rows = listIssues(db, { unconfirmedOnly: Boolean(options.open || options.overdue), level: (level as IssueLevel | undefined) ?? null })
      .map((i) => withClocks(ctx, i))
      .filter((i) => !options.overdue || (!i.resolve_clock.done && i.resolve_clock.late_minutes > 0) || (!i.respond_clock.done && i.respond_clock.late_minutes > 0));
    if (options.json) {
      ctx.stdout.write(toJson(rows.map(({ customer_id: _c, ...r }) => r)));
      return;
    }
    if (rows.length === 0) {
      ctx.stdout.write(`${ctx.t('issue.none')}\n`);
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(
      `${renderTable(
        [{ header: '#' }, { header: t('col.customer') }, { header: t('col.issue') }, { header: t('col.status') }, { header: t('col.respond') }, { header: t('col.resolve') }],
        rows.map((i) => [
          String(i.id),
          `${i.code}\n${i.name}`,
          `${t(`level.${i.level}` as MessageKey)} · ${t(`category.${i.category}` as MessageKey)}\n${i.description}${i.department ? ` → ${i.department}` : ''}`,
          t(`issueStatus.${i.status}` as MessageKey),
          `${i.respond_by}\n${describe(ctx, i.respond_clock)}`,
          `${i.resolve_by}\n${describe(ctx, i.resolve_clock)}`,
        ]),
      )}\n`,
    );
  } finally {
    db.close();
  }
}

export function issueShow(ctx: Context, idText: string, options: { json?: boolean }): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const { issue, transitions } = issueWithTransitions(db, idText);
    const i = withClocks(ctx, issue);
    if (options.json) {
      ctx.stdout.write(toJson({ ...i, transitions }));
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(`${ctx.color.bold(`#${i.id} ${i.code} ${i.name}`)}\n`);
    ctx.stdout.write(`${t(`level.${i.level}` as MessageKey)} · ${t(`category.${i.category}` as MessageKey)} · ${t(`issueStatus.${i.status}` as MessageKey)}\n${i.description}\n`);
    ctx.stdout.write(`${t('col.respond')}: ${i.respond_by}  ${describe(ctx, i.respond_clock)}\n${t('col.resolve')}: ${i.resolve_by}  ${describe(ctx, i.resolve_clock)}\n`);
    for (const tr of transitions) ctx.stdout.write(`  ${tr.at}  ${t(`issueStatus.${tr.from_status}` as MessageKey)} → ${t(`issueStatus.${tr.to_status}` as MessageKey)}${tr.staff ? `  ${tr.staff}` : ''}${tr.note ? `  ${tr.note}` : ''}\n`);
  } finally {
    db.close();
  }
}

export function issueTransition(action: IssueAction) {
  return (ctx: Context, idText: string, options: { note?: string; at?: string }): void => {
    const check = new OptionChecker();
    const when = check.value('--at', options.at, parseDateTime);
    check.done();
    const at = when ? `${when.date} ${when.time ?? '00:00'}` : ctx.now;
    if (at.slice(0, 10) > ctx.today) throw new InputError('option.invalid', { count: 1 }, [{ column: '--at', key: 'value.future', params: { value: at } }]);
    const db = openStore(ctx.dbPath);
    try {
      const issue = changeIssueState(db, idText, action, { at, note: options.note ?? null }, ctx);
      ctx.stdout.write(`${ctx.t('issue.moved', { id: issue.id, status: ctx.t(`issueStatus.${issue.to}` as MessageKey) })}\n`);
    } finally {
      db.close();
    }
  };
}

export const issueRespond = issueTransition('respond');
export const issueResolve = issueTransition('resolve');
export const issueConfirm = issueTransition('confirm');
export const issueReopen = issueTransition('reopen');
