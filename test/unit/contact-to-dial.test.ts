// The contact to dial and the wrong-number retry (SPEC §3.4), each date computed by hand on the official 2026 calendar.
import { describe, expect, it } from 'vitest';
import { afterFailedAttempt } from '../../src/domain/attempts.js';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { contactToDial, type ContactFact } from '../../src/domain/contact-to-dial.js';
import { nextListed } from '../../src/domain/due-list.js';
import { officialCalendar } from '../../src/domain/official-calendar.js';
import { defaultPolicy } from '../../src/domain/policy.js';

const calendar = new WorkCalendar(officialCalendar());
const contact = (id: number, over: Partial<ContactFact> = {}): ContactFact => ({
  id,
  name: `K${id}`,
  phone: `1380000000${id}`,
  is_primary: 0,
  needs_correction: 0,
  ...over,
});

describe('the contact to dial (SPEC §3.4: a flagged number is never dialled until corrected)', () => {
  it('is the primary contact when its number is usable, whatever the order given', () => {
    expect(contactToDial([contact(1), contact(2, { is_primary: 1 })])).toEqual({ kind: 'dial', contact: contact(2, { is_primary: 1 }) });
  });

  it('skips a flagged primary and a contact without a phone: the oldest usable one is dialled', () => {
    const choice = contactToDial([contact(1, { is_primary: 1, needs_correction: 1 }), contact(2, { phone: null }), contact(3), contact(4)]);
    expect(choice).toEqual({ kind: 'dial', contact: contact(3) });
  });

  it('when every number is flagged, the customer waits under "numbers to correct" with the primary one shown', () => {
    const choice = contactToDial([contact(1, { needs_correction: 1 }), contact(2, { is_primary: 1, needs_correction: 1 })]);
    expect(choice).toEqual({ kind: 'correct', contact: contact(2, { is_primary: 1, needs_correction: 1 }) });
  });

  it('a customer without any number has nothing to correct', () => {
    expect(contactToDial([])).toEqual({ kind: 'none' });
    expect(contactToDial([contact(1, { phone: null })])).toEqual({ kind: 'none' });
  });
});

describe('a wrong number on a task (SPEC §3.4)', () => {
  const task = { attempts: 0, status: 'open' as const, due_on: '2026-11-02', rescheduled_to: null };
  it('with another usable number: listed again the next working day', () => {
    // Friday 2026-11-27 + 1 working day = Monday 11-30 (weekend skipped).
    expect(afterFailedAttempt(task, 'wrong_number', '2026-11-27', defaultPolicy(), calendar, true)).toMatchObject({
      attempts: 1,
      retry_on: '2026-11-30',
      list_on: '2026-11-30',
    });
  });

  it('without one: no retry date; the task keeps its list date and waits for a corrected number', () => {
    expect(afterFailedAttempt(task, 'wrong_number', '2026-11-27', defaultPolicy(), calendar, false)).toMatchObject({
      attempts: 1,
      retry_on: null,
      list_on: '2026-11-02',
    });
  });
});

describe('the day a customer is next listed (INTERFACE.md log --json next_listed)', () => {
  const usable = [contact(1, { is_primary: 1 })];
  it('is its earliest list date, moved onto a working day', () => {
    // 2026-12-20 is a Sunday: the list of Monday 12-21 is the first to show it.
    expect(nextListed(['2027-05-24', '2026-12-20'], usable, '2026-11-23', calendar)).toBe('2026-12-21');
  });

  it('is today when a task is already listed, and nothing while its numbers wait to be corrected', () => {
    expect(nextListed(['2026-08-10'], usable, '2026-11-23', calendar)).toBe('2026-11-23');
    expect(nextListed(['2026-08-10'], [contact(1, { needs_correction: 1 })], '2026-11-23', calendar)).toBeNull();
    expect(nextListed([], usable, '2026-11-23', calendar)).toBeNull();
  });
});
