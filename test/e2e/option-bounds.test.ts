// Option values that used to be taken as they came: a year that never ended, an empty customer code (issue 10); on SQLite and PostgreSQL.
import { beforeEach, describe, expect, it } from 'vitest';
import { dumpStore, newStore, runCli, storeKinds } from '../helpers.js';

const TODAY = '2026-11-23';

let db: string;
describe.each(storeKinds)('on %s', (kind) => {
  beforeEach(() => {
    db = newStore(kind);
    expect(runCli(['--db', db, 'init']).code).toBe(0);
  });

  // Killed after 15 s: `calendar show --year 9999` used to run forever.
  const huifang = (...args: string[]) => runCli(['--db', db, '--today', TODAY, '--lang', 'en', ...args], { timeout: 15_000 });

  describe('calendar show', () => {
    it('takes the years of its lunar tables, 1900–2100; year 9999 is exit 3, not a hang', () => {
      for (const year of ['9999', '2101', '1899']) {
        const r = huifang('calendar', 'show', '--year', year);
        expect(r.code).toBe(3);
        expect(r.stderr).toContain(`--year: "${year}" is not a whole number from 1900 to 2100`);
      }
      expect(huifang('calendar', 'show', '--year', '2100').code).toBe(0);
    });
  });

  describe('customer add', () => {
    it('refuses an empty or blank code (it was stored, and no command could name it again)', () => {
      for (const code of ['', '  ']) {
        const before = dumpStore(db);
        const r = huifang('customer', 'add', code, '--name', 'x');
        expect(r.code).toBe(3);
        expect(r.stderr).toContain('<code>: must not be empty');
        expect(dumpStore(db)).toEqual(before);
      }
    });
  });

});
