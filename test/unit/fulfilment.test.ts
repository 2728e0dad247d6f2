// The fulfilment rule (SPEC §3.0), domain/fulfilment.ts: one rule for the planner and for `log`.
import { describe, expect, it } from 'vitest';
import { canServe, servableTasks, type ServableTask } from '../../src/domain/fulfilment.js';

const phoneTask: ServableTask = { channel: 'phone', window_opens: '2026-11-16' };

describe('canServe: a visit serves a task once its window has opened, by a channel that fits', () => {
  it('a phone call on the day the window opens serves it; the day before does not', () => {
    expect(canServe(phoneTask, { date: '2026-11-16', channel: 'phone' })).toBe(true);
    expect(canServe(phoneTask, { date: '2026-11-15', channel: 'phone' })).toBe(false);
  });

  it('any channel serves a phone task (a WeChat call, a visit on site)', () => {
    expect(canServe(phoneTask, { date: '2026-11-20', channel: 'wechat' })).toBe(true);
    expect(canServe(phoneTask, { date: '2026-11-20', channel: 'onsite' })).toBe(true);
  });

  it('an on-site task is served only by an on-site visit', () => {
    const onsite: ServableTask = { channel: 'onsite', window_opens: '2026-11-16' };
    expect(canServe(onsite, { date: '2026-11-20', channel: 'phone' })).toBe(false);
    expect(canServe(onsite, { date: '2026-11-20', channel: 'onsite' })).toBe(true);
  });

  it('a date agreed with the customer opens it early: from that date, not before', () => {
    const moved: ServableTask = { ...phoneTask, rescheduled_to: '2026-11-10' };
    expect(canServe(moved, { date: '2026-11-10', channel: 'phone' })).toBe(true);
    expect(canServe(moved, { date: '2026-11-09', channel: 'phone' })).toBe(false);
    // Rescheduled later than the window: the window still opens it (the due date is not moved, §3.0).
    expect(canServe({ ...phoneTask, rescheduled_to: '2026-11-30' }, { date: '2026-11-16', channel: 'phone' })).toBe(true);
  });

  it('servableTasks keeps the servable ones in their order', () => {
    const tasks = [
      { id: 1, channel: 'onsite' as const, window_opens: '2026-11-01' },
      { id: 2, channel: 'phone' as const, window_opens: '2026-11-30' },
      { id: 3, channel: 'phone' as const, window_opens: '2026-11-01' },
    ];
    expect(servableTasks(tasks, '2026-11-20', 'phone').map((t) => t.id)).toEqual([3]);
  });
});
