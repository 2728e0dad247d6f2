// `huifang audit` (SPEC §3.9) and `doctor`'s consistency checks, on a small store with logged calls (SQLite and PostgreSQL).
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASES, newStore, rawSql, runCli, storeKinds } from '../helpers.js';

const TODAY = '2026-11-23';

describe.each(storeKinds)('on %s', (kind) => {
  let db: string;
  const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, ...args]);

  beforeEach(() => {
    db = newStore(kind);
    expect(cli('init').code).toBe(0);
    expect(cli('import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')).code).toBe(0);
    // Twelve reached calls in October 2026, on working days.
    for (let d = 12; d <= 23; d++) {
      const day = `2026-10-${String(d).padStart(2, '0')}`;
      expect(cli('log', ['C001', 'C002', 'C003'][d % 3] as string, '--outcome', 'reached', '--score', '5', '--at', `${day} 10:00`).code).toBe(0);
    }
  });

  describe('audit', () => {
    it('draws a reproducible 10% sample (at least one), and the report counts re-checks and mismatches', () => {
      const draw = (seed: string) => JSON.parse(cli('audit', 'sample', '--month', '2026-10', '--seed', seed, '--json').stdout) as { population: number; visits: { id: number }[] };
      const a = draw('7');
      expect(a.population).toBe(12);
      expect(a.visits).toHaveLength(2); // ceil(0.1 × 12)
      expect(draw('7').visits).toEqual(a.visits);
      const small = JSON.parse(cli('audit', 'sample', '--month', '2026-10', '--rate', '0.01', '--json').stdout) as { visits: unknown[] };
      expect(small.visits).toHaveLength(1);

      const [first, second] = a.visits;
      expect(cli('audit', 'record', String(first?.id), '--result', 'mismatch', '--note', '客户说没接到电话').code).toBe(0);
      expect(cli('audit', 'record', String(second?.id), '--result', 'confirmed').code).toBe(0);
      const report = JSON.parse(cli('report', '--month', '2026-10', '--json').stdout) as { audit: unknown };
      expect(report.audit).toEqual({ audited: 2, mismatches: 1, mismatch_rate: 0.5 });
      expect(cli('audit', 'record', '99999', '--result', 'confirmed').code).toBe(3);
      expect(cli('audit', 'record', String(first?.id), '--result', 'maybe').code).toBe(3);
    });
  });

  describe('doctor', () => {
    it('passes on a consistent store, and names an inconsistency with exit 4', () => {
      expect(cli('doctor').code).toBe(0);
      rawSql(db, "UPDATE customer SET status = 'lost' WHERE code = 'C001'"); // behind huifang's back
      const r = cli('doctor');
      expect(r.code).toBe(4);
      expect(r.stdout).toMatch(/✗ \d+ open tasks belong to lost or do-not-contact customers/);
      expect(r.stdout).toContain('C001 task #');
    });
  });
});
