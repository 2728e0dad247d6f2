// `huifang log [CODE]`: record a call from flags (scripts, bulk entry, and any run without a terminal).
import type { Context } from '../cli/context.js';
import { type Channel, type IssueCategory, type IssueLevel, type Outcome, type Respondent } from '../domain/vocabulary.js';
import { InputError, type Problem } from '../errors.js';
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
import { contactsOf, CustomerRepo } from '../store/customers.js';
import { inWriteTransaction, openStore } from '../store/db.js';
import { loadCalendar, planContext } from '../store/plan-sync.js';
import { PromptCancelled } from '../ui/cancelled.js';
import type { Prompter } from '../ui/prompts.js';
import { loadPolicy } from '../store/policy-store.js';
import { recordVisit, type IssueInput, type LogInput } from '../store/visit-log.js';
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
      const p = prompter ?? (await import('../ui/prompts.js')).terminalPrompter();
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
  const check = new OptionChecker();
  const missing = (option: string) => check.problems.push({ column: option, key: 'log.required' });
  if (!code && !options.amend) missing('CODE');
  const outcome = check.value('--outcome', options.outcome, parseOutcome) as Outcome | undefined;
  const channel = check.value('--channel', options.channel, parseChannel) as Channel | undefined;
  const respondent = check.value('--respondent', options.respondent, parseRespondent) as Respondent | undefined;
  const score = check.value('--score', options.score, parseScore);
  const when = check.value('--at', options.at, parseDateTime);
  const next = check.value('--next', options.next, parseDate);
  const taskIds = options.task?.map((t) => check.value('--task', t, (x) => parseWholeNumber(x, 1)) ?? 0);
  const issues = (options.issue ?? []).flatMap((text) => {
    const r = parseIssueFlag(text);
    if (r.ok) return [r.value];
    check.problems.push({ column: '--issue', key: r.key, params: r.params });
    return [];
  });
  if (!options.amend && outcome === undefined && options.outcome === undefined) missing('--outcome');
  check.done();

  const db = openStore(ctx.dbPath);
  try {
    const policy = loadPolicy(db);
    const planCtx = planContext(db, ctx.today, policy);
    const result = inWriteTransaction(db, () => {
      // An amendment starts from the visit it corrects (SPEC §2: corrections supersede, both kept).
      let old: Record<string, unknown> | undefined;
      if (options.amend) {
        old = db.prepare('SELECT v.*, c.code FROM visit v JOIN customer c ON c.id = v.customer_id WHERE v.id = ?').get(Number(options.amend)) as
          | Record<string, unknown>
          | undefined;
        if (!old) throw new InputError('log.unknownVisit', { id: options.amend });
        if (db.prepare('SELECT 1 FROM visit WHERE supersedes = ?').get(old.id)) throw new InputError('log.alreadyAmended', { id: options.amend });
      }
      const customerCode = code ?? (old?.code as string);
      const customer = new CustomerRepo(db, policy, ctx.today).find(customerCode);
      if (!customer) throw new InputError('customer.unknown', { code: customerCode });
      if (customer.status === 'do_not_contact') throw new InputError('log.doNotContact', { code: customerCode });

      const problems: Problem[] = [];
      const at = when ? `${when.date} ${when.time ?? ctx.now.slice(11)}` : ((old?.at as string | undefined) ?? ctx.now);
      if (at.slice(0, 10) > ctx.today) problems.push({ column: '--at', key: 'value.future', params: { value: at } });
      const finalOutcome = outcome ?? (old?.outcome as Outcome);
      // From flags the channel is what was said, or a phone call: a script must not inherit an on-site
      // visit from history (which would demand a signatory it never gave).
      const finalChannel = channel ?? (old?.channel as Channel | undefined) ?? 'phone';
      const finalScore = score ?? (old && finalOutcome === 'reached' ? (old.score as number | null) : null);
      if (finalOutcome === 'reached' && (finalScore === null || finalScore === undefined)) {
        problems.push({ column: '--score', key: 'log.scoreRequired' });
      }
      if (finalOutcome !== 'reached' && score !== undefined) problems.push({ column: '--score', key: 'import.scoreWithoutReach', params: { outcome: finalOutcome } });
      const signatory = options.signatory ?? (old?.signatory as string | null | undefined) ?? null;
      if (finalChannel === 'onsite' && finalOutcome === 'reached' && !signatory) problems.push({ column: '--signatory', key: 'log.signatoryRequired' });
      if (finalOutcome !== 'reached' && issues.length) problems.push({ column: '--issue', key: 'log.issuesNeedReach' });
      if (problems.length) throw new InputError('option.invalid', { count: problems.length }, problems);

      const contacts = contactsOf(db, customer.id);
      const contact = options.contact ? contacts.find((k) => k.name === options.contact) : contacts[0];
      if (options.contact && !contact) throw new InputError('log.unknownContact', { name: options.contact, code: customerCode });
      const input: LogInput = {
        customerId: customer.id,
        contactId: contact?.id ?? (old?.contact_id as number | null) ?? null,
        staff: options.staff ?? ctx.user ?? (old?.staff as string | null) ?? customer.owner,
        at,
        channel: finalChannel,
        outcome: finalOutcome,
        respondent: respondent ?? (old?.respondent as Respondent | null) ?? (finalOutcome === 'reached' ? 'self' : null),
        score: finalOutcome === 'reached' ? (finalScore as number) : null,
        feedback: options.feedback ?? (old?.feedback as string | null) ?? null,
        needs: options.need?.length ? options.need.join('; ') : ((old?.needs as string | null) ?? null),
        signatory,
        taskIds,
        issues,
        next: next ?? null,
        supersedes: old ? (old.id as number) : null,
      };
      return { customer, outcome: finalOutcome, ...recordVisit(db, input, planCtx, ctx.now) };
    });

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
          supersedes: options.amend ? Number(options.amend) : null,
        }),
      );
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(`${t('log.saved', { id: result.id, code: result.customer.code, name: result.customer.name })}\n`);
    for (const task of result.tasksDone) ctx.stdout.write(`  ✓ ${purposeText(policy, task.rule, ctx.lang, task.purpose)} (${task.due_on})\n`);
    for (const task of result.tasksTried) ctx.stdout.write(`  ✆ ${purposeText(policy, task.rule, ctx.lang, task.purpose)}: ${t('log.tried')}\n`);
    for (const i of result.issues) ctx.stdout.write(`  ! ${t('log.issueRaised', { id: i.id, level: t(`level.${i.level}` as MessageKey), respond: i.respond_by, resolve: i.resolve_by })}\n`);
    // After a failed call the useful date is when the customer comes back on the list.
    if (result.outcome !== 'reached' && result.listedAgain) ctx.stdout.write(`  → ${t('log.listedAgain', { date: result.listedAgain })}\n`);
    else if (result.nextDue) ctx.stdout.write(`  → ${t('log.nextDue', { date: result.nextDue })}\n`);
  } finally {
    db.close();
  }
}
