// Issue SLA deadlines (SPEC §3.4, [002 §13, §16]) with working days counted on the official 2026 calendar.
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { officialCalendar } from '../../src/domain/official-calendar.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { addHours, slaDeadlines } from '../../src/domain/sla.js';

const cal = new WorkCalendar(officialCalendar());
const policy = defaultPolicy();

describe('slaDeadlines', () => {
  it('important, raised 2026-09-30 10:00: plan within 5 working days lands after National Day', () => {
    // 10-01..10-07 are the holiday; working days: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
    expect(slaDeadlines('2026-09-30 10:00', 'important', 'product', policy, cal)).toEqual({
      respond_by: '2026-10-01 10:00', // 24 hours on the clock
      plan_by: '2026-10-13 10:00',
      resolve_by: '2026-10-15 10:00', // 7 working days: … 10-13, 10-14, 10-15
    });
  });

  it('urgent: respond within 1 hour, resolve within 24 hours, holidays or not', () => {
    expect(slaDeadlines('2026-10-02 23:30', 'urgent', 'product', policy, cal)).toEqual({
      respond_by: '2026-10-03 00:30',
      plan_by: null,
      resolve_by: '2026-10-03 23:30',
    });
  });

  it('general: 3 working days; a complaint about the follow-up itself uses its category SLA', () => {
    expect(slaDeadlines('2026-09-24 15:00', 'general', 'service', policy, cal).resolve_by).toBe('2026-09-30 15:00');
    expect(slaDeadlines('2026-09-24 15:00', 'general', 'followup', policy, cal)).toEqual({
      respond_by: '2026-09-25 03:00', // 12 hours
      plan_by: '2026-09-26 15:00', // 48 hours
      resolve_by: '2026-10-12 15:00', // 7 working days: 09-28, 29, 30, 10-08, 09, 10, 12
    });
  });

  it('adds hours across midnight and month ends', () => {
    expect(addHours('2026-01-31 23:00', 2)).toBe('2026-02-01 01:00');
  });

  it("a level without a resolution time falls back to the policy's resolve_fallback_working_days ([002 §14])", () => {
    const p = { ...policy, issues: { ...policy.issues, sla: { ...policy.issues.sla, general: { respond_hours: 24 } } } };
    // Raised Thursday 2026-11-19 10:00; 7 working days: 11-20, 23, 24, 25, 26, 27, 30.
    expect(slaDeadlines('2026-11-19 10:00', 'general', 'product', p, cal).resolve_by).toBe('2026-11-30 10:00');
    // 2 working days: 11-20, 11-23 (the weekend is skipped).
    const two = { ...p, issues: { ...p.issues, resolve_fallback_working_days: 2 } };
    expect(slaDeadlines('2026-11-19 10:00', 'general', 'product', two, cal).resolve_by).toBe('2026-11-23 10:00');
  });
});
