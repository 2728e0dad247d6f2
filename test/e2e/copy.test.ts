// `huifang copy` between files (issue 14 point 2): every row of every table, ids kept, `due --json` the same; a target that exists, an unknown table, a newer store refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { COPY_TABLES, storeTables } from '../../src/store/copy.js';
import { memoryStore, migrate } from '../../src/store/db.js';
import { latestVersion, migrations } from '../../src/store/migrations.js';
import { buildCopySource, copyCli } from '../copy-source.js';
import { dumpStore, tempDir } from '../helpers.js';

let source: string;

const cli = copyCli;
/** The files in a folder, without the -wal/-shm a reader leaves beside a WAL store. */
const filesIn = (dir: string) => fs.readdirSync(dir).filter((f) => !/-(wal|shm)$/.test(f)).sort();
/** Every table and index of a file store, by name, as created. */
const schemaOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
  } finally {
    db.close();
  }
};
const versionOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

/**
 * The demo store with a row in every table: an issue raised by a low-scored call and responded to,
 * an audit of that call, a calendar override (the demo has none of these).
 */
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-copy-'));
  source = buildCopySource(dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
});

describe('the tables copy knows', () => {
  it('are every table of the schema: a migration that adds one fails here until copy lists it', () => {
    const db = memoryStore();
    expect(storeTables(db).sort()).toEqual(COPY_TABLES.map((t) => t.name).sort());
    db.close();
  });
});

describe('huifang copy FILE FILE', () => {
  it('copies every row of every table, ids and order kept; due --json is byte for byte the same', () => {
    const before = dumpStore(source);
    for (const t of COPY_TABLES) expect(before[t.name]?.length, `the source has ${t.name} rows`).toBeGreaterThan(0);
    const target = path.join(tempDir(), 'copy.db');
    const r = cli(['copy', source, target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Copied ${source} to ${target} in [\\d.]+ s, \\d+ rows: store facts \\d+ · staff \\d+ · customers 320 · `));
    expect(r.stdout).toContain('issues 1 · issue changes 1 ·');
    expect(r.stdout).toContain('audits 1 · calendar overrides 1 · policy 1.');
    expect(dumpStore(target)).toEqual(before);
    expect(versionOf(target)).toBe(latestVersion);
    // Indexes dropped for the load are all built again, as their migrations wrote them.
    expect(schemaOf(target)).toEqual(schemaOf(source));
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    const due = (db: string) => cli(['--db', db, 'due', '--json']);
    const [a, b] = [due(source), due(target)];
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    // The source was only read.
    expect(dumpStore(source)).toEqual(before);
  });

  it('says it in Chinese, with the rows of each table', () => {
    const target = path.join(tempDir(), 'copy.db');
    const r = cli(['copy', source, target], 'zh');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^已把 .+ 复制到 .+（用时 [\d.]+ 秒，共 \d+ 行）：库信息 \d+ · 人员 \d+ · 客户 320 · .* · 策略 1。\n$/);
  });

  it('refuses a target file that exists, even an empty one: exit 4, the file untouched', () => {
    const dir = tempDir();
    const target = path.join(dir, 'there.db');
    fs.writeFileSync(target, '');
    const r = cli(['copy', source, target]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${target} already exists; nothing was written.`);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(target, 'utf8')).toBe('');
    const self = cli(['copy', source, source]);
    expect(self.code).toBe(4);
    expect(filesIn(dir)).toEqual(['there.db']);
  });

  it('refuses a store with a table it does not know, and one from a newer huifang: exit 4, nothing written', () => {
    const dir = tempDir();
    const extra = path.join(dir, 'extra.db');
    fs.copyFileSync(source, extra);
    const db = new Database(extra);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    db.close();
    const r = cli(['copy', extra, path.join(dir, 'a.db')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('has a table this huifang does not know (notes); nothing was copied.');

    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(source, newer);
    const n = new Database(newer);
    n.pragma('user_version = 99');
    n.close();
    const r2 = cli(['copy', newer, path.join(dir, 'b.db')]);
    expect(r2.code).toBe(4);
    expect(r2.stderr).toContain('was made by a newer huifang (schema 99');
    expect(filesIn(dir)).toEqual(['extra.db', 'newer.db']);
  });

  it('migrates an older store forward first, then copies it at this version', () => {
    const dir = tempDir();
    const old = path.join(dir, 'old.db');
    const db = new Database(old);
    migrate(db, old, migrations.slice(0, 2));
    db.prepare("INSERT INTO customer (id, code, name, tier, tier_source, created_on) VALUES (7, 'K7', '老客户', 'A', 'explicit', '2025-01-01')").run();
    db.close();
    const target = path.join(dir, 'new.db');
    const r = cli(['copy', old, target]);
    expect(r.code, r.stderr).toBe(0);
    const copied = dumpStore(target);
    // Migration 3's data step ran on the source before the copy: the customer is re-planned at its next horizon move.
    expect(copied.customer).toEqual([expect.objectContaining({ id: 7, code: 'K7', next_plan_on: '0000-01-01' })]);
    expect(versionOf(target)).toBe(latestVersion);
  });

  it('a column the target lacks (a schema changed by hand) stops the copy before a file appears', () => {
    const dir = tempDir();
    const changed = path.join(dir, 'changed.db');
    fs.copyFileSync(source, changed);
    const db = new Database(changed);
    db.exec('ALTER TABLE visit ADD COLUMN mood TEXT');
    db.close();
    const r = cli(['copy', changed, path.join(dir, 'out.db')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The table visit has different columns');
    expect(filesIn(dir)).toEqual(['changed.db']);
  });
});
