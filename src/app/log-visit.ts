// `log`'s use case: check a call record against the store and the rules, then record it in one write transaction.
import { contactToDial } from '../domain/contact-to-dial.js';
import type { IsoDate } from '../domain/dates.js';
import type { Policy } from '../domain/policy.js';
import { visitProblems } from '../domain/visit-checks.js';
import type { Channel, Outcome, Respondent } from '../domain/vocabulary.js';
import { InputError, type Problem } from '../errors.js';
import { contactsOf, CustomerRepo, type CustomerRow } from '../store/customers.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { planContext } from './plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';
import { openTasksOf } from '../store/tasks.js';
import { visitToAmend, type AmendedVisit } from '../store/visit-log.js';
import type { Clock } from './clock.js';
import { recordVisit, type IssueInput, type LogResult } from './record-visit.js';

/** A call record as the options give it: undefined is "not said" (an amendment keeps the old value). */
export interface LogRequest {
  code?: string;
  amendId?: number;
  outcome?: Outcome;
  channel?: Channel;
  respondent?: Respondent;
  score?: number;
  when?: { date: IsoDate; time?: string | null };
  next?: IsoDate;
  taskIds?: number[];
  issues: IssueInput[];
  contact?: string;
  signatory?: string;
  feedback?: string;
  needs?: string[];
  staff?: string;
}

export type Logged = LogResult & { customer: CustomerRow; outcome: Outcome; policy: Policy };

/**
 * Record one call, or throw one InputError with every problem: those `optionProblems` already holds
 * (bad option values) and every rule the record breaks (domain/visit-checks.ts). Nothing is written then.
 */
export function logVisit(db: Db, req: LogRequest, clock: Clock, optionProblems: readonly Problem[] = []): Logged {
  const policy = loadPolicy(db);
  const planCtx = planContext(db, clock.today, policy);
  return inWriteTransaction(db, () => {
    // An amendment starts from the visit it corrects (SPEC §2: corrections supersede, both kept).
    const old: AmendedVisit | undefined = req.amendId === undefined ? undefined : visitToAmend(db, req.amendId);
    const customerCode = req.code ?? old?.code;
    const customer = customerCode === undefined ? undefined : new CustomerRepo(db, policy, clock.today).find(customerCode);
    const at = req.when ? `${req.when.date} ${req.when.time ?? clock.now.slice(11)}` : (old?.at ?? clock.now);
    const outcome = req.outcome ?? old?.outcome;
    // From flags the channel is what was said, or a phone call: a script must not inherit an on-site
    // visit from history (which would demand a signatory it never gave).
    const channel = req.channel ?? old?.channel ?? 'phone';
    const score = req.score ?? (old && outcome === 'reached' ? old.score : null);
    const signatory = req.signatory ?? old?.signatory ?? null;

    const contacts = customer ? contactsOf(db, customer.id) : [];
    const named = req.contact === undefined ? undefined : contacts.find((k) => k.name === req.contact);
    let contactId: number | null = null;
    if (req.contact !== undefined) contactId = named?.id ?? null;
    else if (old) contactId = old.contact_id;
    else {
      // The contact the call list showed: the same rule as `due` (domain/contact-to-dial.ts).
      const dial = contactToDial(contacts);
      contactId = dial.kind === 'dial' ? dial.contact.id : null;
    }

    const problems: Problem[] = [
      ...optionProblems,
      ...visitProblems({
        today: clock.today,
        amendId: req.amendId,
        amended: old,
        customerCode,
        customer,
        at,
        outcome,
        channel,
        score,
        scoreGiven: req.score !== undefined,
        signatory,
        issueCount: req.issues.length,
        next: req.next,
        contact: req.contact === undefined ? undefined : { name: req.contact, known: named !== undefined },
        taskIds: req.taskIds,
        openTaskIds: new Set(customer ? openTasksOf(db, customer.id).map((t) => t.id) : []),
      }),
    ];
    if (problems.length || !customer || !outcome) throw new InputError('log.invalid', { count: problems.length }, problems);

    const result = recordVisit(
      db,
      {
        customerId: customer.id,
        contactId,
        staff: req.staff ?? clock.user ?? old?.staff ?? customer.owner,
        at,
        channel,
        outcome,
        respondent: req.respondent ?? old?.respondent ?? (outcome === 'reached' ? 'self' : null),
        score: outcome === 'reached' ? (score as number) : null,
        feedback: req.feedback ?? old?.feedback ?? null,
        needs: req.needs?.length ? req.needs.join('; ') : (old?.needs ?? null),
        signatory,
        taskIds: req.taskIds,
        issues: req.issues,
        next: req.next ?? null,
        supersedes: old ? old.id : null,
      },
      planCtx,
      clock.now,
    );
    return { customer, outcome, policy, ...result };
  });
}
