// The store: schema snapshot, migrations, refusal of newer stores, private file modes (issue 2, SPEC §5).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createStore, memoryStore, migrate, openStore, type Db } from '../../src/store/db.js';
import { latestVersion, type Migration } from '../../src/store/migrations.js';
import { tempDir, sqliteRaw } from '../helpers.js';

const SNAPSHOT = path.join(import.meta.dirname, 'schema.snapshot.sql');

function schemaText(db: Db | Database.Database): string {
  const rows = sqliteRaw(db)
    .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name")
    .pluck()
    .all() as string[];
  return `${rows.map((s) => `${s.trim()};`).join('\n\n')}\n`;
}

describe('schema', () => {
  it('matches the committed snapshot (update it deliberately with UPDATE_SCHEMA_SNAPSHOT=1)', () => {
    const actual = schemaText(memoryStore());
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') fs.writeFileSync(SNAPSHOT, actual);
    expect(actual).toBe(fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('records the number of applied migrations in user_version', () => {
    expect(sqliteRaw(memoryStore()).pragma('user_version', { simple: true })).toBe(latestVersion);
  });

  it('turns on WAL, synchronous=FULL and foreign keys', () => {
    const dir = tempDir();
    const db = createStore(path.join(dir, 's.db'));
    expect(sqliteRaw(db).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqliteRaw(db).pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(sqliteRaw(db).pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

describe('opening and creating', () => {
  it('creates the store and its WAL files readable by the owner only', () => {
    const dir = tempDir();
    const file = path.join(dir, 's.db');
    const db = createStore(file);
    sqliteRaw(db).prepare("INSERT INTO meta VALUES ('k', 'v')").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    }
    db.close();
  });

  it('refuses to create over an existing file, and leaves it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 's.db');
    fs.writeFileSync(file, 'precious');
    expect(() => createStore(file)).toThrow(expect.objectContaining({ key: 'store.exists', exitCode: 4 }));
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
  });

  it('refuses a store made by a newer version (exit 4)', () => {
    const dir = tempDir();
    const file = path.join(dir, 's.db');
    createStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(expect.objectContaining({ key: 'store.newer', exitCode: 4 }));
  });

  it('says how to create a missing store, and refuses a file that is not a database', () => {
    const dir = tempDir();
    expect(() => openStore(path.join(dir, 'none.db'))).toThrow(expect.objectContaining({ key: 'store.missing', exitCode: 4 }));
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not sqlite at all, just some text that is long enough');
    expect(() => openStore(junk)).toThrow(expect.objectContaining({ key: 'store.corrupt', exitCode: 4 }));
  });

  it('refuses an SQLite file of another program instead of migrating it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE accounts (x)');
    raw.close();
    expect(() => openStore(file)).toThrow(expect.objectContaining({ key: 'store.foreign', exitCode: 4 }));
  });
});

describe('migration runner', () => {
  const m1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);', postgres: 'CREATE TABLE a (x integer);' };
  const m2: Migration = { version: 2, name: 'two', sql: 'ALTER TABLE a ADD COLUMN y INTEGER;', postgres: 'ALTER TABLE a ADD COLUMN y integer;' };
  const bad: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE b (z); CREATE TABLE a (x);', postgres: 'CREATE TABLE b (z integer); CREATE TABLE a (x integer);' };

  it('applies only the pending migrations, in order', () => {
    const db = new Database(':memory:');
    migrate(db, 'mem', [m1]);
    sqliteRaw(db).prepare('INSERT INTO a (x) VALUES (1)').run();
    migrate(db, 'mem', [m1, m2]);
    expect(sqliteRaw(db).pragma('user_version', { simple: true })).toBe(2);
    expect(sqliteRaw(db).prepare('SELECT x, y FROM a').get()).toEqual({ x: 1, y: null });
  });

  it('rolls back a failing migration whole, keeping the earlier ones', () => {
    const db = new Database(':memory:');
    migrate(db, 'mem', [m1]);
    expect(() => migrate(db, 'mem', [m1, bad])).toThrow();
    expect(sqliteRaw(db).pragma('user_version', { simple: true })).toBe(1);
    expect(sqliteRaw(db).prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
  });
});
