// The whole loop on the demo store, as the README walks it: due → log → off the list → issue clocks → confirm (on SQLite and PostgreSQL).
import { describe, expect, it } from 'vitest';
import { demoStore, runCli, storeKinds, tempDir } from '../helpers.js';

interface Due {
  items: { customer: { code: string }; tasks: { id: number; rule: string }[] }[];
}

describe.each(storeKinds)('the demo loop on %s', (kind) => {
  it('a call from the morning list takes the customer off it, and its issue is chased until confirmed', () => {
    const dir = tempDir();
    const db = demoStore(kind, '2026-11-23', dir, 'huifang-demo.db');
    const at = (today: string, ...args: string[]) => runCli(['--db', db, '--today', today, ...args]);

    const due = JSON.parse(at('2026-11-23', 'due', '--json').stdout) as Due;
    expect(due.items.length).toBeGreaterThan(20);
    const first = due.items[0]?.customer.code as string;

    const log = at('2026-11-23', 'log', first, '--outcome', 'reached', '--score', '4', '--issue', 'important:delivery:spare parts late', '--at', '2026-11-23 10:30', '--json');
    expect(log.code, log.stderr).toBe(0);
    const issueId = (JSON.parse(log.stdout) as { issues: { id: number }[] }).issues[0]?.id as number;

    const after = JSON.parse(at('2026-11-23', 'due', '--json').stdout) as Due;
    expect(after.items.map((i) => i.customer.code)).not.toContain(first);

    const issues = JSON.parse(at('2026-11-23', 'issue', 'list', '--open', '--json').stdout) as { id: number; respond_by: string; resolve_clock: { late_minutes: number } }[];
    // Important: respond within 24 h of 10:30, resolve within 7 working days (… 12-02).
    expect(issues.find((i) => i.id === issueId)).toMatchObject({ respond_by: '2026-11-24 10:30' });

    // Thursday 11-26: the follow-up three working days later puts the customer back on the list…
    expect((JSON.parse(at('2026-11-26', 'due', '--json').stdout) as Due).items.map((i) => i.customer.code)).toContain(first);
    // …until the customer confirms the problem is solved.
    expect(at('2026-11-24', 'issue', 'respond', String(issueId)).code).toBe(0);
    expect(at('2026-11-25', 'issue', 'resolve', String(issueId)).code).toBe(0);
    expect(at('2026-11-25', 'issue', 'confirm', String(issueId)).code).toBe(0);
    const thursday = JSON.parse(at('2026-11-26', 'due', '--json').stdout) as Due;
    const back = thursday.items.find((i) => i.customer.code === first);
    expect(back?.tasks.map((t) => t.rule) ?? []).not.toContain('issue_followup');
  });
});
