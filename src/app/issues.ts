// Issue use cases: read them with their SLA clocks' inputs, and move one through its state machine (SPEC §3.4).
import { ISSUE_ACTION_TO, transitionProblem, type IssueAction } from '../domain/issue-states.js';
import { InputError } from '../errors.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { issueById, listIssues, moveIssue, transitionsOf, type IssueWithCustomer, type TransitionView } from '../store/issues.js';
import { planContext, replan } from './plan-sync.js';
import type { Clock } from './clock.js';

export { listIssues };

function requireIssue(db: Db, idText: string): IssueWithCustomer {
  const row = issueById(db, Number(idText));
  if (!row) throw new InputError('issue.unknown', { id: idText });
  return row;
}

export function issueWithTransitions(db: Db, idText: string): { issue: IssueWithCustomer; transitions: TransitionView[] } {
  const issue = requireIssue(db, idText);
  return { issue, transitions: transitionsOf(db, issue.id) };
}

/**
 * Move an issue one step at `at` ('YYYY-MM-DD HH:mm') and re-plan its customer: confirming cancels
 * the open follow-up, reopening plans a new one. One write transaction.
 */
export function changeIssueState(
  db: Db,
  idText: string,
  action: IssueAction,
  change: { at: string; note: string | null },
  clock: Clock,
): IssueWithCustomer & { to: (typeof ISSUE_ACTION_TO)[IssueAction] } {
  return inWriteTransaction(db, () => {
    const i = requireIssue(db, idText);
    const problem = transitionProblem(i.status, i.raised_at, action, change.at);
    if (problem === 'badTransition') throw new InputError('issue.badTransition', { id: i.id, status: i.status, action });
    if (problem === 'beforeRaised') throw new InputError('issue.beforeRaised', { at: change.at, raised: i.raised_at });
    moveIssue(db, i, action, change.at, clock.user ?? null, change.note);
    replan(db, [i.customer_id], planContext(db, clock.today));
    return { ...i, to: ISSUE_ACTION_TO[action] };
  });
}

