// The PostgreSQL driver behind the store interface: values typed as SQLite gives them, transactions, the once-only lock, messages without passwords (issue 14 point 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb, displayUrl, serverOf } from '../../src/store/pg-driver.js';
import { sql } from '../../src/store/sql.js';
import { dropServerStore, pgAdminUrl, serverStoreUrl } from './server.js';

describe('URLs in messages', () => {
  it('never show the password; host:port as libpq resolves it', () => {
    expect(displayUrl('postgres://wang:s3cret@db.example:6543/huifang?sslmode=require')).toBe('postgres://wang@db.example:6543/huifang?sslmode=require');
    expect(serverOf('postgres://wang@db.example/huifang', {})).toBe('db.example:5432');
    expect(serverOf('postgresql:///huifang', { PGHOST: '10.0.0.5', PGPORT: '5433' })).toBe('10.0.0.5:5433');
  });
});

describe.skipIf(!pgAdminUrl())('PostgreSQL driver', () => {
  let url: string;
  let db: PgDb;
  beforeAll(async () => {
    url = await serverStoreUrl();
    db = new PgDb(url);
    db.exec('CREATE TABLE t (id integer PRIMARY KEY, name text UNIQUE, n double precision)');
  });
  afterAll(() => {
    db?.close();
    if (url) dropServerStore(url);
  });

  it('returns counts as numbers and comparisons as 1/0, as SQLite does', () => {
    db.run(sql`INSERT INTO t (id, name, n) VALUES (${1}, ${'a'}, ${1.5}), (${2}, ${'b'}, ${null})`);
    expect(db.value(sql`SELECT count(*) FROM t`)).toBe(2);
    expect(db.value(sql`SELECT sum(id) FROM t`)).toBe(3);
    expect(db.get(sql`SELECT n IS NULL AS missing, n FROM t WHERE id = ${1}`)).toEqual({ missing: 0, n: 1.5 });
    expect(db.run(sql`UPDATE t SET n = 2 WHERE id IN (1, 2)`).changes).toBe(2);
  });

  it('rolls a failed transaction back whole; a nested one is a savepoint', () => {
    expect(() =>
      db.transaction(() => {
        db.run(sql`INSERT INTO t (id, name) VALUES (${10}, ${'x'})`);
        db.run(sql`INSERT INTO t (id, name) VALUES (${11}, ${'x'})`);
      }),
    ).toThrow(expect.objectContaining({ sqlState: '23505' }));
    expect(db.value(sql`SELECT count(*) FROM t WHERE id >= 10`)).toBe(0);
    db.transaction(() => {
      db.run(sql`INSERT INTO t (id, name) VALUES (${20}, ${'y'})`);
      expect(() => db.transaction(() => db.run(sql`INSERT INTO t (id, name) VALUES (${21}, ${'y'})`))).toThrow();
    });
    expect(db.values(sql`SELECT id FROM t WHERE id >= 20`)).toEqual([20]);
    expect(db.inTransaction).toBe(false);
  });

  it('runs work guarded by a lock once: a second connection skips it while the first holds it', () => {
    const other = new PgDb(url);
    try {
      const outer = db.transactionIfFree('huifang.test', () => other.transactionIfFree('huifang.test', () => 'ran twice'));
      expect(outer).toEqual({ value: undefined });
      expect(other.transactionIfFree('huifang.test', () => 'free again')).toEqual({ value: 'free again' });
    } finally {
      other.close();
    }
  });

  it('reads one snapshot: rows committed by others meanwhile are not seen', () => {
    const other = new PgDb(url);
    try {
      const seen = db.snapshot(() => {
        const before = db.value<number>(sql`SELECT count(*) FROM t`);
        other.run(sql`INSERT INTO t (id, name) VALUES (${30}, ${'z'})`);
        return [before, db.value<number>(sql`SELECT count(*) FROM t`)];
      });
      expect(seen[0]).toBe(seen[1]);
      expect(db.value(sql`SELECT count(*) FROM t WHERE id = 30`)).toBe(1);
    } finally {
      other.close();
    }
  });
});
