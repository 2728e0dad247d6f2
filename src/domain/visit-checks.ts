// The rules a call record must meet before anything is written (SPEC §3.7): every problem at once, beancount style.
import type { IsoDate } from './dates.js';
import type { Channel, CustomerStatus, Outcome } from './vocabulary.js';

/** What is known about a record once its options are parsed and the store was read. */
export interface VisitFacts {
  today: IsoDate;
  /** `--amend ID` and the visit it names, when found (with whether it was corrected already). */
  amendId?: number;
  amended?: { id: number; customer_id: number; code: string; amended: 0 | 1 };
  /** The customer code given (or the amended visit's), and the customer it names when found. */
  customerCode?: string;
  customer?: { id: number; code: string; status: CustomerStatus };
  /** 'YYYY-MM-DD HH:mm' */
  at: string;
  /** The outcome, channel, score and signatory the record will have (given, else the amended visit's). */
  outcome?: Outcome;
  channel: Channel;
  score?: number | null;
  /** Whether --score was given in this invocation. */
  scoreGiven: boolean;
  signatory: string | null;
  issueCount: number;
  next?: IsoDate;
  /** `--contact NAME` and whether the customer has a contact of that name. */
  contact?: { name: string; known: boolean };
  taskIds?: readonly number[];
  openTaskIds: ReadonlySet<number>;
}

export type VisitProblemKey =
  | 'log.unknownVisit'
  | 'log.alreadyAmended'
  | 'customer.unknown'
  | 'log.amendOtherCustomer'
  | 'log.doNotContact'
  | 'value.future'
  | 'log.scoreRequired'
  | 'import.scoreWithoutReach'
  | 'log.signatoryRequired'
  | 'log.issuesNeedReach'
  | 'log.nextNeedsReach'
  | 'log.nextAfterVisit'
  | 'log.unknownContact'
  | 'log.badTask';

/** A broken rule, at the option (or argument) it is about. */
export interface VisitProblem {
  column: string;
  key: VisitProblemKey;
  params?: Record<string, string | number>;
}

/** Every rule a record breaks, in the order of its options; empty when it may be written. */
export function visitProblems(f: VisitFacts): VisitProblem[] {
  const problems: VisitProblem[] = [];
  const add = (column: string, key: VisitProblemKey, params?: VisitProblem['params']) => problems.push(params ? { column, key, params } : { column, key });
  if (f.amendId !== undefined) {
    if (!f.amended) add('--amend', 'log.unknownVisit', { id: f.amendId });
    else if (f.amended.amended) add('--amend', 'log.alreadyAmended', { id: f.amendId });
  }
  if (f.customerCode !== undefined && !f.customer) add('CODE', 'customer.unknown', { code: f.customerCode });
  if (f.customer && f.amended && f.amended.customer_id !== f.customer.id) {
    add('--amend', 'log.amendOtherCustomer', { id: f.amended.id, code: f.customer.code, owner: f.amended.code });
  }
  if (f.customer?.status === 'do_not_contact') add('CODE', 'log.doNotContact', { code: f.customer.code });
  if (f.at.slice(0, 10) > f.today) add('--at', 'value.future', { value: f.at });
  const reached = f.outcome === 'reached';
  const failed = f.outcome !== undefined && !reached;
  if (reached && (f.score === null || f.score === undefined)) add('--score', 'log.scoreRequired');
  if (failed && f.scoreGiven) add('--score', 'import.scoreWithoutReach', { outcome: f.outcome as Outcome });
  if (f.channel === 'onsite' && reached && !f.signatory) add('--signatory', 'log.signatoryRequired');
  if (failed && f.issueCount) add('--issue', 'log.issuesNeedReach');
  if (f.next !== undefined && failed) add('--next', 'log.nextNeedsReach');
  if (f.next !== undefined && f.next <= f.at.slice(0, 10)) add('--next', 'log.nextAfterVisit', { value: f.next });
  if (f.customer) {
    if (f.contact && !f.contact.known) add('--contact', 'log.unknownContact', { name: f.contact.name, code: f.customer.code });
    for (const id of f.taskIds ?? []) if (!f.openTaskIds.has(id)) add('--task', 'log.badTask', { id });
  }
  return problems;
}
