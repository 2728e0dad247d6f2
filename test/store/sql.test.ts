// The store's SQL templates: one query, each dialect's placeholders, values kept as parameters (issue 14 point 1).
import { describe, expect, it } from 'vitest';
import { compile, sql, statement } from '../../src/store/sql.js';
import { memoryStore } from '../../src/store/db.js';

describe('sql templates', () => {
  it('compile to ? on SQLite and $n on PostgreSQL, values never spliced into the text', () => {
    const code = "K1'; DROP TABLE customer; --";
    const q = sql`SELECT id FROM customer WHERE code = ${code} AND tier IN (${sql.join(['A', 'B'])})`;
    expect(compile(q, 'sqlite')).toEqual({ sql: 'SELECT id FROM customer WHERE code = ? AND tier IN (?, ?)', parameters: [code, 'A', 'B'] });
    expect(compile(q, 'postgres')).toEqual({ sql: 'SELECT id FROM customer WHERE code = $1 AND tier IN ($2, $3)', parameters: [code, 'A', 'B'] });
  });

  it('a prepared statement binds its named values in the order the text uses them, in each dialect', () => {
    const s = statement<{ a: string; b: number }>((p) => sql`UPDATE t SET x = ${p.b} WHERE y = ${p.a} OR z = ${p.b}`);
    expect(compile(s.bind({ a: 'k', b: 7 }), 'postgres')).toEqual({ sql: 'UPDATE t SET x = $1 WHERE y = $2 OR z = $3', parameters: [7, 'k', 7] });
    expect(compile(s.bind({ a: 'q', b: 1 }), 'sqlite')).toEqual({ sql: 'UPDATE t SET x = ? WHERE y = ? OR z = ?', parameters: [1, 'q', 1] });
  });

  it('run on SQLite through the store interface: get, all, value, values, run', () => {
    const db = memoryStore();
    try {
      db.run(sql`INSERT INTO meta (key, value) VALUES (${'a'}, ${'1'}), (${'b'}, ${'2'})`);
      expect(db.get(sql`SELECT key, value FROM meta WHERE key = ${'a'}`)).toEqual({ key: 'a', value: '1' });
      expect(db.values(sql`SELECT key FROM meta WHERE key IN (${sql.join(['a', 'b'])}) ORDER BY key`)).toEqual(['a', 'b']);
      expect(db.value(sql`SELECT count(*) FROM meta WHERE key IN ('a', 'b')`)).toBe(2);
      expect(db.run(sql`DELETE FROM meta WHERE key IN ('a', 'b')`).changes).toBe(2);
      expect(db.get(sql`SELECT value FROM meta WHERE key = ${'a'}`)).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('a transaction that throws leaves nothing; a nested one rolls back only its own part', () => {
    const db = memoryStore();
    try {
      expect(() =>
        db.transaction(() => {
          db.run(sql`INSERT INTO meta (key, value) VALUES ('x', '1')`);
          throw new Error('stop');
        }),
      ).toThrow('stop');
      expect(db.value(sql`SELECT count(*) FROM meta WHERE key = 'x'`)).toBe(0);
      db.transaction(() => {
        db.run(sql`INSERT INTO meta (key, value) VALUES ('y', '1')`);
        expect(() => db.transaction(() => {
          db.run(sql`INSERT INTO meta (key, value) VALUES ('z', '1')`);
          throw new Error('inner');
        })).toThrow('inner');
      });
      expect(db.values(sql`SELECT key FROM meta WHERE key IN ('y', 'z')`)).toEqual(['y']);
    } finally {
      db.close();
    }
  });
});
