// Customer codes' order (issue 11: one order for codes, the store's): code points, not the locale's collation.
import { describe, expect, it } from 'vitest';
import { byCodePoint } from '../../src/domain/customer-code.js';
import { memoryStore } from '../../src/store/db.js';
import { sql } from '../../src/store/sql.js';

describe('byCodePoint', () => {
  it('orders codes as the store sorts them (SQLite BINARY), punctuation and CJK included', () => {
    const codes = ['KH_1', 'KH-1', 'KH.1', 'KH1', 'KH10', 'KH2', '客户1', 'A/1', 'Z9'];
    const db = memoryStore();
    try {
      const stored = db.values<string>(sql`SELECT value FROM json_each(${JSON.stringify(codes)}) ORDER BY value`);
      expect([...codes].sort(byCodePoint)).toEqual(stored);
      // localeCompare would not: ICU puts '_' before '-' and '.', the store after.
      expect([...codes].sort((a, b) => a.localeCompare(b))).not.toEqual(stored);
    } finally {
      db.close();
    }
  });
});
