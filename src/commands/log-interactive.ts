// The questions `huifang log` asks on a terminal (SPEC §3.7); answers become the same options the flags give.
import type { Context } from '../cli/context.js';
import { applyOffset } from '../domain/offsets.js';
import { intervalFor } from '../domain/planner.js';
import { purposeText, type Policy } from '../domain/policy.js';
import { CHANNELS, ISSUE_CATEGORIES, ISSUE_LEVELS, OUTCOMES, RESPONDENTS } from '../domain/vocabulary.js';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { parseDate } from '../io/parse-values.js';
import { contactToDial } from '../domain/contact-to-dial.js';
import { contactsByCustomer, contactsOf, CustomerRepo, matchesTerm, type CustomerRow } from '../store/customers.js';
import type { Db } from '../store/db.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { openTasksOf, servableTasks } from '../store/visit-log.js';
import { issueText } from '../render/issue-text.js';
import { PromptCancelled } from '../ui/cancelled.js';
import type { Prompter } from '../ui/prompts.js';
import type { LogOptions } from './log.js';

interface Found {
  id: number;
  code: string;
  name: string;
}

const FIND = 'SELECT c.id, c.code, c.name FROM customer c';

/** Type-ahead matches by code, any part of the name, or any part of a contact's phone or name. */
function findCustomers(db: Db, term: string, today: string): Found[] {
  if (!term.trim()) {
    // Nothing typed yet: today's list, most overdue first.
    return db
      .prepare(
        `${FIND} WHERE c.id IN (SELECT customer_id FROM task WHERE status IN ('open', 'unreachable') AND list_on <= ?
           GROUP BY customer_id ORDER BY min(due_on) LIMIT 10)`,
      )
      .all(today) as Found[];
  }
  const match = matchesTerm(term);
  return db
    .prepare(`${FIND} WHERE c.status <> 'do_not_contact' AND ${match.sql} ORDER BY (c.code = @exact) DESC, c.code LIMIT 10`)
    .all(match.params) as Found[];
}

export async function askForLog(p: Prompter, db: Db, ctx: Context, policy: Policy, calendar: WorkCalendar, code?: string): Promise<{ code: string; options: LogOptions }> {
  const { t } = ctx;
  const label = (prefix: string, v: string) => t(`${prefix}.${v}` as MessageKey);
  const repo = new CustomerRepo(db, policy, ctx.today);
  let customer: CustomerRow | undefined;
  if (code) {
    customer = repo.find(code);
    if (!customer) throw new InputError('customer.unknown', { code });
  } else {
    const picked = await p.search(t('prompt.customer'), (term) => {
      const found = findCustomers(db, term, ctx.today);
      const contacts = contactsByCustomer(db, found.map((c) => c.id));
      return found.map((c) => {
        // The contact the call list shows (domain/contact-to-dial.ts), or what must be corrected first.
        const dial = contactToDial(contacts.get(c.id) ?? []);
        return {
          name: `${c.code}  ${c.name}`,
          value: c.code,
          description:
            dial.kind === 'dial'
              ? [dial.contact.name, dial.contact.phone].filter(Boolean).join(' ')
              : dial.kind === 'correct'
                ? `${dial.contact.name} ${t('customer.wrongNumber')}`
                : '',
        };
      });
    });
    customer = repo.find(picked) as CustomerRow;
  }
  if (customer.status === 'do_not_contact') throw new InputError('log.doNotContact', { code: customer.code });

  // What the clerk should see before choosing: due purposes, the last call, open issues.
  const open = openTasksOf(db, customer.id);
  const last = db
    .prepare("SELECT at, channel, score, contact_id FROM visit WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 1")
    .get(customer.id) as { at: string; channel: string; score: number | null; contact_id: number | null } | undefined;
  const issues = db.prepare("SELECT id, level, description FROM issue WHERE customer_id = ? AND status <> 'confirmed'").all(customer.id) as {
    id: number;
    level: string;
    description: string;
  }[];
  const lines = [ctx.color.bold(`${customer.code} ${customer.name} · ${customer.tier}`)];
  if (last) lines.push(t('prompt.lastVisit', { at: last.at, channel: label('channel', last.channel), score: last.score ?? '—' }));
  for (const i of issues) lines.push(ctx.color.red(`  ! #${i.id} ${label('level', i.level)} ${i.description}`));
  if (contactToDial(contactsOf(db, customer.id)).kind === 'correct') lines.push(ctx.color.magenta(t('customer.waitsForNumber', { code: customer.code })));
  ctx.stdout.write(`${lines.join('\n')}\n`);

  const channel = await p.select(
    t('prompt.channel'),
    CHANNELS.map((c) => ({ name: label('channel', c), value: c })),
    (last?.channel as (typeof CHANNELS)[number] | undefined) ?? 'phone',
  );
  const servable = servableTasks(open, ctx.today, channel);
  let taskIds: number[] = [];
  if (servable.length) {
    taskIds = await p.checkbox(
      t('prompt.tasks'),
      servable.map((task) => ({
        name: `${purposeText(policy, task.rule, ctx.lang, task.purpose)} · ${task.due_on}`,
        value: task.id,
        checked: task.list_on <= ctx.today,
      })),
    );
  }
  // No default outcome and no default score: a figure in the monthly report is what the clerk chose.
  const outcome = await p.pick(
    t('prompt.outcome'),
    OUTCOMES.map((o, i) => ({ key: String(i + 1), name: label('outcome', o), value: o })),
  );
  const options: LogOptions = { channel, outcome, task: taskIds.map(String), yes: true };
  const raised: { level: string; category: string; description: string; department: string }[] = [];
  let agreed: string | undefined;
  if (outcome === 'reached') {
    const contacts = contactsOf(db, customer.id);
    if (contacts.length > 1) {
      const dial = contactToDial(contacts);
      options.contact = await p.select(
        t('prompt.contact'),
        contacts.map((k) => ({
          name: `${k.name}${k.role ? ` · ${k.role}` : ''}${k.phone ? ` · ${k.phone}` : ''}${k.needs_correction ? ` ${t('customer.wrongNumber')}` : ''}`,
          value: k.name,
        })),
        contacts.find((k) => k.id === last?.contact_id)?.name ?? (dial.kind === 'none' ? undefined : dial.contact.name),
      );
    }
    options.respondent = await p.select(t('prompt.respondent'), RESPONDENTS.map((r) => ({ name: label('respondent', r), value: r })), 'self');
    // Each score is chosen by its own digit: typing 1 is one star, whatever the order shown.
    const score = await p.pick(
      t('prompt.score'),
      [5, 4, 3, 2, 1].map((n) => ({ key: String(n), name: '★'.repeat(n), value: n })),
    );
    options.score = String(score);
    const feedback = await p.input(t('prompt.feedback'));
    if (feedback.trim()) options.feedback = feedback.trim();
    options.issue = [];
    while (await p.confirm(options.issue.length ? t('prompt.anotherIssue') : t('prompt.anyIssue'), false)) {
      const level = await p.select(t('prompt.issueLevel'), ISSUE_LEVELS.map((l) => ({ name: label('level', l), value: l })), 'general');
      const category = await p.select(t('prompt.issueCategory'), ISSUE_CATEGORIES.map((c) => ({ name: label('category', c), value: c })), 'product');
      const description = await p.input(t('prompt.issueDescription'), { validate: (v) => (v.trim() ? true : t('import.required')) });
      const department = await p.input(t('prompt.issueDepartment'));
      raised.push({ level, category, description: description.trim(), department: department.trim() });
      options.issue.push([level, category, description.replace(/:/g, '：'), department.trim()].filter(Boolean).join(':'));
    }
    const need = await p.input(t('prompt.need'));
    if (need.trim()) options.need = [need.trim()];
    if (channel === 'onsite') {
      options.signatory = await p.input(t('prompt.signatory'), { validate: (v) => (v.trim() ? true : t('log.signatoryRequired')) });
    }
    // The next routine call the policy proposes, editable: a different date moves when it is listed.
    const routine = policy.rules.find((r) => r.id === 'routine');
    const every =
      routine?.kind === 'periodic'
        ? intervalFor(routine, { id: customer.id, code: customer.code, tier: customer.tier, tags: customer.tags ? customer.tags.split(',') : [], status: 'active', since: null, created_on: ctx.today, owner: null })
        : undefined;
    if (every) {
      const proposed = calendar.onOrAfter(applyOffset(ctx.today, every, calendar));
      const next = await p.input(t('prompt.next'), {
        default: proposed,
        validate: (v) => {
          const d = parseDate(v);
          if (!d.ok) return t(d.key, d.params);
          return d.value > ctx.today ? true : t('prompt.nextAfterToday');
        },
      });
      const d = parseDate(next);
      if (d.ok) {
        agreed = d.value;
        if (d.value !== proposed) options.next = d.value;
      }
    }
  }
  // The summary in the clerk's words: labels, not the flag syntax the answers become.
  const summary = [
    `${customer.code} ${customer.name}`,
    `${label('channel', channel)} · ${label('outcome', outcome)}${options.score ? ` · ${options.score}★` : ''}`,
    ...raised.map((i) => `! ${issueText(t, i)}`),
    ...(agreed ? [t('prompt.nextAgreed', { date: agreed })] : []),
  ];
  ctx.stdout.write(`${summary.map((l) => `  ${l}`).join('\n')}\n`);
  if (!(await p.confirm(t('prompt.save'), true))) throw new PromptCancelled();
  return { code: customer.code, options: { ...options, at: undefined, json: false } };
}

