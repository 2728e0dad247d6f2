// `huifang copy` file → server → file (issue 14 point 2): every row, ids and sequences; a non-empty database refused; backup and doctor on a server store.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPY_TABLES } from '../../src/store/copy.js';
import { buildCopySource, COPY_TODAY, copyCli } from '../copy-source.js';
import { dumpStore, tempDir } from '../helpers.js';

const ADMIN = process.env.HUIFANG_TEST_PG;
const TODAY = COPY_TODAY;
const made: string[] = [];
let source: string;

const cli = copyCli;

/**
 * SQL on the test server through psql, rows as tab-separated lines. (pg-native loaded into the test
 * worker itself aborted the worker at exit; the commands under test run in their own processes.)
 */
function psql(url: string, text: string): string[] {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', url, '-c', text], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** A new empty database on the test server; dropped after the file's tests. */
function newDatabase(): string {
  const name = `copy_${crypto.randomBytes(4).toString('hex')}`;
  psql(ADMIN as string, `CREATE DATABASE ${name}`);
  made.push(name);
  const url = new URL(ADMIN as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The huifang tables of a server database (as copy lists them: the schema's bookkeeping left out). */
function serverTables(url: string): string[] {
  return psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version' ORDER BY 1");
}

describe.skipIf(!ADMIN)('huifang copy through a PostgreSQL server', () => {
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-pgcopy-'));
    source = buildCopySource(dir);
    // Values an array literal or a text parameter could garble on the way to the server and back.
    const db = new Database(source);
    const note = db.prepare('UPDATE customer SET notes = ?, annual_purchase = ? WHERE code = ?');
    note.run('引号" 反斜杠\\ {大括号,逗号} \\"尾', 0.1 + 0.2, 'KH0002');
    note.run('NULL', 1e-7, 'KH0003');
    note.run('', 12345678.901234567, 'KH0004');
    note.run('换行\n制表\t😀', -0, 'KH0005');
    db.close();
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  afterAll(() => {
    for (const name of made) psql(ADMIN as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('file → server → server → file gives back every row of every table, ids and order kept', () => {
    const before = dumpStore(source);
    for (const t of COPY_TABLES) expect(before[t.name]?.length, `the source has ${t.name} rows`).toBeGreaterThan(0);
    const server = newDatabase();
    const there = cli(['copy', source, server]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain(`to ${server} in `);
    expect(there.stdout).toContain('customers 320 ·');
    // The tables copy knows are every table of the server schema too.
    expect(serverTables(server)).toEqual(COPY_TABLES.map((t) => t.name).sort());
    // The indexes dropped for the load are all there again (the same names on both stores).
    const fileIndexes = new Database(source, { readonly: true });
    const names = fileIndexes.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    fileIndexes.close();
    const serverIndexes = psql(server, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' ORDER BY 1");
    expect(serverIndexes.sort()).toEqual([...names].sort());
    // And server → server: a second database, read back to a file.
    const second = newDatabase();
    const hop = cli(['copy', server, second]);
    expect(hop.code, hop.stderr).toBe(0);
    const back = path.join(tempDir(), 'back.db');
    const r = cli(['copy', second, back]);
    expect(r.code, r.stderr).toBe(0);
    expect(dumpStore(back)).toEqual(before);
  });

  it('moves each identity sequence past the copied ids: the next row does not collide', () => {
    const server = newDatabase();
    expect(cli(['copy', source, server]).code).toBe(0);
    const [max, id] = psql(server, `SELECT max(id) FROM customer; INSERT INTO customer (code, name, tier, tier_source, created_on) VALUES ('NEW1', '新客户', 'C', 'default', '${TODAY}') RETURNING id`).map(Number);
    expect(id).toBe((max as number) + 1);
    const [visits, visitId] = psql(
      server,
      `SELECT max(id) FROM visit; INSERT INTO visit (customer_id, at, channel, outcome, source, recorded_at) VALUES (${id}, '${TODAY} 10:00', 'phone', 'busy', 'log', '${TODAY} 10:00') RETURNING id`,
    ).map(Number);
    expect(visitId).toBe((visits as number) + 1);
  });

  it('refuses a database that holds tables (exit 4) and writes nothing to it', () => {
    const server = newDatabase();
    psql(server, 'CREATE TABLE other (x integer)');
    const r = cli(['copy', source, server]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`The database ${server} already holds tables; nothing was written.`);
    expect(serverTables(server)).toEqual(['other']);
  });

  it('a copy that fails part-way leaves the database empty: schema and rows are one transaction', () => {
    const changed = path.join(tempDir(), 'changed.db');
    fs.copyFileSync(source, changed);
    const db = new Database(changed);
    db.exec('ALTER TABLE visit ADD COLUMN mood TEXT');
    db.close();
    const server = newDatabase();
    const r = cli(['copy', changed, server]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The table visit has different columns');
    expect(serverTables(server)).toEqual([]);
  });

  it('refuses a login that row-level security limits (a clerk’s): its copy would silently hold only her customers', () => {
    const server = newDatabase();
    expect(cli(['copy', source, server]).code).toBe(0);
    const role = `copy_clerk_${crypto.randomBytes(3).toString('hex')}`;
    psql(server, `CREATE ROLE ${role} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}; ALTER TABLE customer ENABLE ROW LEVEL SECURITY; CREATE POLICY own ON customer TO ${role} USING (owner = '王芳')`);
    try {
      const url = new URL(server);
      url.username = role;
      const dir = tempDir();
      const r = cli(['copy', url.toString(), path.join(dir, 'part.db')]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('This login sees only part of');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      psql(server, `DROP OWNED BY ${role}`);
      psql(ADMIN as string, `DROP ROLE ${role}`);
    }
  });

  it('the password is never printed: not in the closing line, not in an error', () => {
    const server = newDatabase();
    const url = new URL(server);
    url.password = 's3cret-pw';
    const r = cli(['copy', source, url.toString()]);
    expect(r.code, r.stderr).toBe(0);
    const again = cli(['copy', source, url.toString()]);
    expect(again.code).toBe(4);
    expect(r.stdout + r.stderr + again.stdout + again.stderr).not.toContain('s3cret-pw');
  });

  it('backup of a server store is a SQLite file that copy restores; doctor checks what applies to a server', () => {
    const server = newDatabase();
    expect(cli(['copy', source, server]).code).toBe(0);
    const dir = tempDir();
    const file = path.join(dir, 'backup.db');
    const b = cli(['--db', server, 'backup', file]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^Backed up to .*backup\.db \(\d+ KB\)\.\n$/);
    // No warning about file modes: a server store has no files here.
    expect(b.stderr).toBe('');
    expect(dumpStore(file)).toEqual(dumpStore(source));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const restored = newDatabase();
    expect(cli(['copy', file, restored]).code).toBe(0);

    const d = cli(['--db', server, 'doctor']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/^✓ the server .+ answers \(PostgreSQL \d+[.\d]*\)\n/);
    expect(d.stdout).toMatch(/\n✓ schema version \d+ \(current\)\n/);
    expect(d.stdout).toMatch(/\n✓ the server enforces every reference \(\d+ foreign keys\)\n/);
    // Every check passed, and none is SQLite's file check.
    expect(d.stdout.trimEnd().split('\n').every((l) => l.startsWith('✓ '))).toBe(true);
    expect(d.stdout).not.toContain('integrity');
    const zh = cli(['--db', server, 'doctor'], 'zh');
    expect(zh.stdout).toContain('所有引用由服务器强制检查');
    expect(zh.stdout).toMatch(/可以连接（版本 \d/);
  });

  it('due --json is byte for byte the same on the file, on the server and on the file copied back', () => {
    const server = newDatabase();
    expect(cli(['copy', source, server]).code).toBe(0);
    const due = (db: string) => cli(['--db', db, 'due', '--json']);
    const onServer = due(server);
    expect(onServer.code, onServer.stderr).toBe(0);
    const onFile = due(source);
    expect(onServer.stdout).toBe(onFile.stdout);
    const back = path.join(tempDir(), 'back.db');
    expect(cli(['copy', server, back]).code).toBe(0);
    expect(due(back).stdout).toBe(onFile.stdout);
  });
});
