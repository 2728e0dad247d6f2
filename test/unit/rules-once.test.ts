// Rules that now live once in the domain: a call record's checks, the issue state machine, the contact of a visit, the alternative channel.
import { describe, expect, it } from 'vitest';
import { contactOfVisit, type ContactFact } from '../../src/domain/contact-to-dial.js';
import { transitionProblem } from '../../src/domain/issue-states.js';
import { alternativeChannel, defaultPolicy } from '../../src/domain/policy.js';
import { visitProblems, type VisitFacts } from '../../src/domain/visit-checks.js';

const facts = (over: Partial<VisitFacts> = {}): VisitFacts => ({
  today: '2026-11-23',
  customerCode: 'C1',
  customer: { id: 1, code: 'C1', status: 'active' },
  at: '2026-11-23 10:00',
  outcome: 'reached',
  channel: 'phone',
  score: 5,
  scoreGiven: true,
  signatory: null,
  issueCount: 0,
  openTaskIds: new Set([10]),
  ...over,
});

describe('visitProblems (SPEC §3.7): every broken rule at once, at its option', () => {
  it('a complete reached call breaks nothing', () => {
    expect(visitProblems(facts())).toEqual([]);
  });

  it('lists each problem of one record together, in option order', () => {
    const problems = visitProblems(
      facts({ at: '2026-11-24 09:00', channel: 'onsite', score: null, scoreGiven: false, next: '2026-11-20', taskIds: [10, 11], contact: { name: '王', known: false } }),
    );
    expect(problems.map((p) => `${p.column} ${p.key}`)).toEqual([
      '--at value.future', // the 24th is after today, the 23rd
      '--score log.scoreRequired',
      '--signatory log.signatoryRequired', // on site and reached: signed for
      '--next log.nextAfterVisit', // the 20th is not after the visit's 24th
      '--contact log.unknownContact',
      '--task log.badTask', // 11 is not among the open tasks
    ]);
  });

  it('a failed call carries no score, issue or next date', () => {
    const problems = visitProblems(facts({ outcome: 'no_answer', score: 4, scoreGiven: true, issueCount: 1, next: '2026-12-01' }));
    expect(problems.map((p) => p.key)).toEqual(['import.scoreWithoutReach', 'log.issuesNeedReach', 'log.nextNeedsReach']);
  });

  it('an amendment names a visit of the same customer, not corrected yet', () => {
    expect(visitProblems(facts({ amendId: 5 })).map((p) => p.key)).toEqual(['log.unknownVisit']);
    const amended = { id: 5, customer_id: 2, code: 'C2', amended: 1 as const };
    expect(visitProblems(facts({ amendId: 5, amended })).map((p) => p.key)).toEqual(['log.alreadyAmended', 'log.amendOtherCustomer']);
  });

  it('an unknown customer, or one not to be contacted', () => {
    expect(visitProblems(facts({ customer: undefined })).map((p) => p.key)).toEqual(['customer.unknown']);
    expect(visitProblems(facts({ customer: { id: 1, code: 'C1', status: 'do_not_contact' } })).map((p) => p.key)).toEqual(['log.doNotContact']);
  });
});

describe('transitionProblem: the issue state machine (SPEC §3.4)', () => {
  it('open → responded → resolved → confirmed, reopened from resolved or confirmed', () => {
    expect(transitionProblem('open', '2026-11-20 09:00', 'respond', '2026-11-20 10:00')).toBeNull();
    expect(transitionProblem('open', '2026-11-20 09:00', 'resolve', '2026-11-20 10:00')).toBeNull();
    expect(transitionProblem('resolved', '2026-11-20 09:00', 'confirm', '2026-11-21 10:00')).toBeNull();
    expect(transitionProblem('confirmed', '2026-11-20 09:00', 'reopen', '2026-11-22 10:00')).toBeNull();
    expect(transitionProblem('open', '2026-11-20 09:00', 'confirm', '2026-11-21 10:00')).toBe('badTransition');
    expect(transitionProblem('confirmed', '2026-11-20 09:00', 'respond', '2026-11-21 10:00')).toBe('badTransition');
  });

  it('never before the issue was raised', () => {
    expect(transitionProblem('open', '2026-11-20 09:00', 'respond', '2026-11-20 08:59')).toBe('beforeRaised');
  });
});

describe('contactOfVisit: whom a visit reached', () => {
  const k = (id: number, primary: 0 | 1, phone: string | null, wrong: 0 | 1 = 0): ContactFact => ({ id, name: `k${id}`, phone, is_primary: primary, needs_correction: wrong });

  it('the contact the visit names', () => {
    expect(contactOfVisit(2, [k(1, 1, '1'), k(2, 0, '2')])?.id).toBe(2);
  });

  it('else the one a clerk would dial: not a primary whose number was flagged wrong', () => {
    expect(contactOfVisit(null, [k(1, 1, '1', 1), k(2, 0, '2')])?.id).toBe(2);
    expect(contactOfVisit(null, [k(1, 0, '1'), k(2, 1, '2')])?.id).toBe(2);
  });

  it('a flagged one when none is usable, the primary when none has a number, nothing without contacts', () => {
    expect(contactOfVisit(null, [k(1, 1, '1', 1)])?.id).toBe(1);
    expect(contactOfVisit(null, [k(1, 0, null), k(2, 1, null)])?.id).toBe(2);
    expect(contactOfVisit(null, [])).toBeUndefined();
  });
});

describe("alternativeChannel: the policy's ladder (SPEC §3.4)", () => {
  const policy = defaultPolicy();
  it('the next rung, the first after the last, `otherwise` off the ladder', () => {
    expect(alternativeChannel('phone', policy)).toBe('sms');
    expect(alternativeChannel('wechat', policy)).toBe('onsite');
    expect(alternativeChannel('onsite', policy)).toBe('phone');
    expect(alternativeChannel('email', policy)).toBe('sms');
  });
  it('follows a changed ladder', () => {
    const p = { ...policy, retry: { ...policy.retry, alternatives: { ladder: ['phone' as const, 'wechat' as const], otherwise: 'email' as const } } };
    expect(alternativeChannel('phone', p)).toBe('wechat');
    expect(alternativeChannel('wechat', p)).toBe('phone');
    expect(alternativeChannel('sms', p)).toBe('email');
  });
});
