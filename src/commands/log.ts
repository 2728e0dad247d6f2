// `huifang log [CODE]`: record a call from flags (scripts, bulk entry, and any run without a terminal).
import type { Context } from '../cli/context.js';
import { type Channel, type IssueCategory, type IssueLevel, type Outcome, type Respondent } from '../domain/vocabulary.js';
import {
  parseChannel,
  parseDate,
  parseDateTime,
  parseIssueCategory,
  parseIssueLevel,
  parseOutcome,
  parseRespondent,
  parseScore,
  parseWholeNumber,
} from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { purposeText } from '../domain/policy.js';
import { logVisit } from '../app/log-visit.js';
import type { IssueInput } from '../app/record-visit.js';
import { openStore } from '../store/db.js';
import { loadCalendar } from '../store/plan-store.js';
import { PromptCancelled } from '../ui/cancelled.js';
import type { Prompter } from '../ui/prompts.js';
import { loadPolicy } from '../store/policy-store.js';
import type { MessageKey } from '../i18n/index.js';
import { OptionChecker } from './option-values.js';

export interface LogOptions {
  task?: string[];
  channel?: string;
  outcome?: string;
  respondent?: string;
  score?: string;
  feedback?: string;
  issue?: string[];
  need?: string[];
  signatory?: string;
  next?: string;
  at?: string;
  staff?: string;
  contact?: string;
  amend?: string;
  yes?: boolean;
  json?: boolean;
}

/** --issue LEVEL:CATEGORY:DESCRIPTION[:DEPARTMENT], levels and categories in English or Chinese. */
export function parseIssueFlag(text: string): { ok: true; value: IssueInput } | { ok: false; key: MessageKey; params: Record<string, string> } {
  const parts = text.split(/[:：]/);
  if (parts.length < 3) return { ok: false, key: 'log.badIssueFlag', params: { value: text } };
  const [levelText = '', categoryText = '', ...rest] = parts;
  const level = parseIssueLevel(levelText);
  if (!level.ok) return { ok: false, key: 'log.badIssueFlag', params: { value: text } };
  const category = parseIssueCategory(categoryText);
  if (!category.ok) return { ok: false, key: 'log.badIssueFlag', params: { value: text } };
  const department = rest.length > 1 ? (rest.pop() ?? null) : null;
  const description = rest.join(':').trim();
  if (!description) return { ok: false, key: 'log.badIssueFlag', params: { value: text } };
  return { ok: true, value: { level: level.value as IssueLevel, category: category.value as IssueCategory, description, department: department?.trim() || null } };
}

/**
 * On a terminal, without --yes and without --outcome, the questions are asked (Ctrl-C writes
 * nothing); otherwise everything comes from the flags and a missing value is named (exit 3).
 */
export async function logCommand(ctx: Context, code: string | undefined, options: LogOptions, prompter?: Prompter): Promise<void> {
  if (ctx.interactive && !options.yes && options.outcome === undefined && !options.amend) {
    const db = openStore(ctx.dbPath);
    let asked: { code: string; options: LogOptions };
    try {
      const policy = loadPolicy(db);
      const { askForLog } = await import('./log-interactive.js');
      const p = prompter ?? (await import('../ui/prompts.js')).terminalPrompter(ctx.t);
      asked = await askForLog(p, db, ctx, policy, loadCalendar(db), code);
    } catch (err) {
      if (err instanceof PromptCancelled) {
        ctx.stderr.write(`${ctx.t('prompt.cancelled')}\n`);
        return;
      }
      throw err;
    } finally {
      db.close();
    }
    recordFromOptions(ctx, asked.code, { ...asked.options, json: options.json });
    return;
  }
  recordFromOptions(ctx, code, options);
}

function recordFromOptions(ctx: Context, code: string | undefined, options: LogOptions): void {
  // One list for every problem of the invocation: option values, then the record's rules (SPEC §3.7).
  const check = new OptionChecker();
  const problems = check.problems;
  const missing = (option: string) => problems.push({ column: option, key: 'log.required' });
  if (!code && !options.amend) missing('CODE');
  const amendId = check.value('--amend', options.amend, (x) => parseWholeNumber(x, 1));
  const outcome = check.value('--outcome', options.outcome, parseOutcome) as Outcome | undefined;
  const channel = check.value('--channel', options.channel, parseChannel) as Channel | undefined;
  const respondent = check.value('--respondent', options.respondent, parseRespondent) as Respondent | undefined;
  const score = check.value('--score', options.score, parseScore);
  const when = check.value('--at', options.at, parseDateTime);
  const next = check.value('--next', options.next, parseDate);
  const taskIds = options.task?.flatMap((t) => {
    const id = check.value('--task', t, (x) => parseWholeNumber(x, 1));
    return id === undefined ? [] : [id];
  });
  const issues = (options.issue ?? []).flatMap((text) => {
    const r = parseIssueFlag(text);
    if (r.ok) return [r.value];
    problems.push({ column: '--issue', key: r.key, params: r.params });
    return [];
  });
  if (!options.amend && options.outcome === undefined) missing('--outcome');

  const db = openStore(ctx.dbPath);
  try {
    const result = logVisit(
      db,
      {
        code,
        amendId,
        outcome,
        channel,
        respondent,
        score,
        when,
        next,
        taskIds,
        issues,
        contact: options.contact,
        signatory: options.signatory,
        feedback: options.feedback,
        needs: options.need,
        staff: options.staff,
      },
      ctx,
      problems,
    );
    const { policy } = result;

    if (options.json) {
      ctx.stdout.write(
        toJson({
          id: result.id,
          customer: result.customer.code,
          outcome: result.outcome,
          tasks_done: result.tasksDone.map((t) => ({ id: t.id, rule: t.rule, purpose: purposeText(policy, t.rule, ctx.lang, t.purpose), due_on: t.due_on, deadline: t.deadline })),
          tasks_tried: result.tasksTried.map((t) => ({ id: t.id, rule: t.rule })),
          issues: result.issues,
          next_due: result.nextDue,
          next_listed: result.nextListed,
          number_to_correct: result.numberToCorrect,
          supersedes: amendId ?? null,
        }),
      );
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(`${t('log.saved', { id: result.id, code: result.customer.code, name: result.customer.name })}\n`);
    for (const task of result.tasksDone) ctx.stdout.write(`  ✓ ${purposeText(policy, task.rule, ctx.lang, task.purpose)} (${task.due_on})\n`);
    for (const task of result.tasksTried) ctx.stdout.write(`  ✆ ${purposeText(policy, task.rule, ctx.lang, task.purpose)}: ${t('log.tried')}\n`);
    for (const i of result.issues) ctx.stdout.write(`  ! ${t('log.issueRaised', { id: i.id, level: t(`level.${i.level}` as MessageKey), respond: i.respond_by, resolve: i.resolve_by })}\n`);
    // The one date the clerk needs: when this customer comes back on the list (the same as `customer show`).
    if (result.numberToCorrect) ctx.stdout.write(`  → ${t('log.numberToCorrect', { code: result.customer.code })}\n`);
    else if (result.nextListed) ctx.stdout.write(`  → ${t('log.listedAgain', { date: result.nextListed })}\n`);
  } finally {
    db.close();
  }
}
