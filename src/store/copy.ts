// Moving a whole store to another database (`huifang copy`, `backup` of a server store): every table in order, every row in batches, ids and sequences kept.
//
// Which tables there are is fixed here (parents before children, so each reference SQLite checks
// finds its row); which columns each has is read from the databases' own catalogues, so a migration
// that adds a column is copied without a change here, and one that adds a table makes copy refuse
// until the table is listed (test/e2e/copy.test.ts fails first). The target's secondary indexes (and
// a server's foreign keys) are set aside during the load and rebuilt from their own definitions.
import { refreshStatistics } from './statistics.js';
import { StoreError } from '../errors.js';
import { migrateServer, type Db } from './db.js';
import { latestVersion } from './migrations.js';
import { PgDb } from './pg-driver.js';
import { Bound, sql, statement, type Compiled, type Dialect, type Param, type Statement } from './sql.js';

/**
 * A table of the store. Rows are copied in the order the source holds them, so a table without an id
 * (meta, visit_task, calendar_override) keeps the order its rows were written in, and a query that
 * does not sort sees the same order after a copy: SQLite's rowid order (the id, where there is one);
 * on a server, the id, else the rows' physical order.
 */
export interface CopiedTable {
  readonly name: string;
  /** Whether its key is an integer `id` (an identity column on PostgreSQL). */
  readonly id: boolean;
}

/** Every table of the schema, each after the tables its foreign keys point to. */
export const COPY_TABLES: readonly CopiedTable[] = [
  { name: 'meta', id: false },
  { name: 'staff', id: true },
  { name: 'customer', id: true },
  { name: 'contact', id: true },
  { name: 'event', id: true },
  // A correction (supersedes) always names an older visit: in id order it is already there.
  { name: 'visit', id: true },
  { name: 'issue', id: true },
  { name: 'issue_transition', id: true },
  { name: 'task', id: true },
  { name: 'visit_task', id: false },
  { name: 'audit', id: true },
  { name: 'calendar_override', id: false },
  { name: 'policy', id: true },
];

/** Bookkeeping tables that are not data: the schema version is the target's own (its migrations write it). */
const NOT_COPIED = new Set(['schema_version']);

/** SQLite's limit on one statement's parameters (PostgreSQL's is higher): a batch stays under it. */
const MAX_PARAMETERS = 32766;
/** Rows written to a server per statement (one array per column). */
const SERVER_BATCH_ROWS = 10000;
/** Rows read from a server per round trip. */
const FETCH_ROWS = 5000;

/** The tables of a store as its database lists them (SQLite's own and the bookkeeping ones left out). */
export function storeTables(db: Db): string[] {
  const names =
    db.dialect === 'sqlite'
      ? db.values<string>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name`)
      : db.values<string>(sql`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
  return names.filter((n) => !NOT_COPIED.has(n));
}

/** A table's columns in their order, from the database's catalogue. */
export function columnsOf(db: Db, table: string): string[] {
  return db.dialect === 'sqlite'
    ? db.values<string>(sql`SELECT name FROM pragma_table_info(${table}) ORDER BY cid`)
    : db.values<string>(
        sql`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`,
      );
}

/** The schema version a store is at (SQLite's user_version, PostgreSQL's schema_version row). */
export function storeVersion(db: Db): number {
  return (db.dialect === 'sqlite' ? db.value<number>(sql`SELECT user_version FROM pragma_user_version`) : db.value<number>(sql`SELECT version FROM schema_version`)) ?? 0;
}

/**
 * Tables whose rows this login cannot all see: row-level security applies to it (neither the
 * tables' owner nor a role that bypasses it). A copy made by a clerk's login would silently hold
 * only her customers; it is refused instead.
 */
export function tablesHiddenByRowSecurity(db: Db): string[] {
  if (db.dialect !== 'postgres') return [];
  return db.values<string>(sql`
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relrowsecurity
      AND NOT (SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user)
      AND (c.relforcerowsecurity OR NOT pg_has_role(current_user, c.relowner, 'USAGE'))
    ORDER BY c.relname`);
}

/**
 * Read the source in one snapshot: rows other clerks write meanwhile are either all in the copy or
 * none of them (SQLite: one read transaction; PostgreSQL: a repeatable-read, read-only one).
 */
export function beginSnapshot(db: Db): void {
  db.exec(db.dialect === 'sqlite' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}

export function endSnapshot(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

export function countRows(db: Db, table: string): number {
  return db.value<number>(sql`SELECT count(*) FROM ${sql.ref(table)}`) ?? 0;
}

type Row = Record<string, unknown>;

/** A table's rows in the source's order, a batch at a time (SQLite streams them; a server hands them out through a cursor). */
function* readRows(db: Db, table: CopiedTable, columns: readonly string[], batch: number): Generator<Row[]> {
  const order = db.dialect === 'sqlite' ? sql`rowid` : table.id ? sql`id` : sql`ctid`;
  const select = sql<Row>`SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.ref(table.name)} ORDER BY ${order}`;
  if (db.dialect === 'sqlite') {
    let rows: Row[] = [];
    for (const row of db.iterate(select)) {
      rows.push(row);
      if (rows.length === batch) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
    return;
  }
  // The cursor lives in the snapshot transaction; reading a whole table in one result would hold it all in memory.
  db.run(sql`DECLARE huifang_copy NO SCROLL CURSOR FOR ${select}`);
  try {
    for (;;) {
      const rows = db.all(sql<Row>`FETCH FORWARD ${sql.raw(String(FETCH_ROWS))} FROM huifang_copy`);
      for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
      if (rows.length < FETCH_ROWS) break;
    }
  } finally {
    db.run(sql`CLOSE huifang_copy`);
  }
}

/**
 * A batch's values in statement order. The named values of `Statement.bind` would cost a
 * 30,000-key object per batch (a quarter of a file-to-file copy's time); the slots here are
 * numbered in the order they appear, so the batch is bound as the flat array it already is.
 */
class BoundBatch extends Bound {
  constructor(
    private readonly shape: Statement<Record<string, Param>>,
    private readonly flat: Param[],
  ) {
    super(shape, {});
  }

  override compiled(dialect: Dialect): Compiled {
    return { sql: this.shape.layout(dialect).sql, parameters: this.flat };
  }
}

/** One multi-row INSERT per batch, compiled once per table and batch length. */
class Inserter {
  private readonly statements = new Map<number, Statement<Record<string, Param>>>();
  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  private statementFor(rows: number): Statement<Record<string, Param>> {
    let s = this.statements.get(rows);
    if (!s) {
      const n = this.columns.length;
      s = statement<Record<string, Param>>(
        (p) =>
          sql`INSERT INTO ${sql.ref(this.table)} (${sql.join(this.columns.map((c) => sql.ref(c)))}) VALUES ${sql.join(
            Array.from({ length: rows }, (_, r) => sql`(${sql.join(Array.from({ length: n }, (_, c) => p[String(r * n + c)]))})`),
          )}`,
      );
      this.statements.set(rows, s);
    }
    return s;
  }

  insert(db: Db, rows: readonly Row[]): void {
    const flat: Param[] = new Array(rows.length * this.columns.length);
    let i = 0;
    for (const row of rows) {
      for (const c of this.columns) flat[i++] = (row[c] ?? null) as Param;
    }
    db.run(new BoundBatch(this.statementFor(rows.length), flat));
  }
}

/**
 * A server's foreign keys: dropped for the load and added again after it, so each is checked by one
 * join over the whole table instead of a trigger per row (three quarters of a copy onto a server).
 * Adding one checks every row, so a copy still holds no dangling reference. (SQLite checks a
 * reference with an in-process index lookup, cheap enough to keep.)
 */
function serverForeignKeys(db: Db): { table: string; name: string; definition: string }[] {
  if (db.dialect !== 'postgres') return [];
  return db.all(sql<{ table: string; name: string; definition: string }>`
    SELECT t.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()
    ORDER BY c.oid`);
}

/**
 * Onto a server, a batch goes as one array per column: `INSERT … SELECT * FROM unnest($1::integer[],
 * $2::text[], …)`. PostgreSQL parses a VALUES list of thousands of rows slowly (most of a copy's
 * time on the server); an array of each column is one parameter, parsed by the array type's input
 * function. pg-native passes parameters as text, so each array is written as its text literal.
 */
class ServerInserter {
  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
    /** Each column's type as the server names it (format_type: 'integer', 'double precision', 'text'). */
    private readonly types: readonly string[],
  ) {}

  insert(db: Db, rows: readonly Row[]): void {
    const arrays = this.columns.map((c, i) => sql`${arrayLiteral(rows, c)}::${sql.raw(`${this.types[i]}[]`)}`);
    db.run(sql`INSERT INTO ${sql.ref(this.table)} (${sql.join(this.columns.map((c) => sql.ref(c)))}) SELECT * FROM unnest(${sql.join(arrays)})`);
  }
}

/** A column of rows as a PostgreSQL array literal: every value quoted (so the text NULL stays text), `"` and `\` escaped. */
function arrayLiteral(rows: readonly Row[], column: string): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = (rows[i] as Row)[column];
    parts[i] = v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`;
  }
  return `{${parts.join(',')}}`;
}

/** The server's type of each column of a table, by name. */
function serverColumnTypes(db: Db, table: string): Map<string, string> {
  const rows = db.all(sql<{ name: string; type: string }>`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname = ${table} AND a.attnum > 0 AND NOT a.attisdropped`);
  return new Map(rows.map((r) => [r.name, r.type]));
}

/**
 * The target's secondary indexes (not those behind a primary key or UNIQUE constraint, which keep
 * checking the rows as they arrive): dropped for the load and built again from the database's own
 * definitions after it, one sort each instead of an insertion per row — half the time of a copy.
 */
function secondaryIndexes(db: Db): { name: string; definition: string }[] {
  return db.dialect === 'sqlite'
    ? db.all(sql<{ name: string; definition: string }>`SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid`)
    : db.all(sql<{ name: string; definition: string }>`
        SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.schemaname = current_schema()
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_class x ON x.oid = c.conindid WHERE x.relname = i.indexname)
        ORDER BY i.indexname`);
}

export interface TableCount {
  table: string;
  rows: number;
}

/** What the source holds, table by table, checked against what copy knows, before anything is written. */
export function surveySource(source: Db): TableCount[] {
  const known = new Set(COPY_TABLES.map((t) => t.name));
  const unknown = storeTables(source).filter((t) => !known.has(t));
  if (unknown.length > 0) throw new StoreError('copy.unknownTable', { path: source.name, table: unknown.join(', ') });
  const hidden = tablesHiddenByRowSecurity(source);
  if (hidden.length > 0) throw new StoreError('copy.rowSecurity', { path: source.name });
  return COPY_TABLES.map((t) => ({ table: t.name, rows: countRows(source, t.name) }));
}

/**
 * Copy every row of every table from source (inside its snapshot) into target (inside its write
 * transaction, at the same schema version), then set the target's id sequences past the copied ids
 * and check that each table holds as many rows as the source's.
 */
export function copyRows(source: Db, target: Db, counts: readonly TableCount[], progress: (rowsDone: number) => void = () => {}): void {
  const sourceVersion = storeVersion(source);
  const targetVersion = storeVersion(target);
  if (sourceVersion !== targetVersion) throw new Error(`copy between schema versions ${sourceVersion} and ${targetVersion}`);
  let done = 0;
  const foreignKeys = serverForeignKeys(target);
  for (const k of foreignKeys) target.run(sql`ALTER TABLE ${sql.ref(k.table)} DROP CONSTRAINT ${sql.ref(k.name)}`);
  const indexes = secondaryIndexes(target);
  for (const { name } of indexes) target.run(sql`DROP INDEX ${sql.ref(name)}`);
  for (const table of COPY_TABLES) {
    const columns = columnsOf(source, table.name);
    const targetColumns = new Set(columnsOf(target, table.name));
    const missing = columns.filter((c) => !targetColumns.has(c));
    // Same version, same columns: anything else is a schema someone changed by hand.
    if (missing.length > 0 || targetColumns.size !== columns.length) {
      throw new StoreError('copy.columnsDiffer', { table: table.name, from: source.name, to: target.name });
    }
    let inserter: { insert(db: Db, rows: readonly Row[]): void };
    let batch: number;
    if (target.dialect === 'postgres') {
      const types = serverColumnTypes(target, table.name);
      inserter = new ServerInserter(table.name, columns, columns.map((c) => types.get(c) as string));
      batch = SERVER_BATCH_ROWS;
    } else {
      inserter = new Inserter(table.name, columns);
      batch = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    }
    for (const rows of readRows(source, table, columns, batch)) {
      inserter.insert(target, rows);
      done += rows.length;
      progress(done);
    }
  }
  // The catalogue's own text of each index, as its migration created it (no value in it), in the order it was created.
  for (const { definition } of indexes) target.exec(definition);
  for (const k of foreignKeys) target.run(sql`ALTER TABLE ${sql.ref(k.table)} ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.definition)}`);
  resetIdentities(target);
  // The target's tables have just grown from nothing: the first command on a copied server store
  // plans its queries from fresh statistics (store/statistics.ts).
  refreshStatistics(target);
  for (const { table, rows } of counts) {
    const copied = countRows(target, table);
    if (copied !== rows) throw new Error(`copy of ${table}: ${rows} rows read, ${copied} written`);
  }
}

/**
 * PostgreSQL identity columns took the copied ids as given; their sequences still start at 1.
 * Move each past the largest id, so the next customer or visit does not collide with a copied one.
 * (SQLite's INTEGER PRIMARY KEY continues from the largest rowid by itself.)
 */
function resetIdentities(db: Db): void {
  if (db.dialect !== 'postgres') return;
  const identities = db.all<{ table: string; column: string }>(
    sql`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`,
  );
  for (const { table, column } of identities) {
    db.value(sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) FROM ${sql.ref(table)}`);
  }
}

/** Connect to a server database that is to receive a copy; the caller closes it. */
export function connectServerTarget(url: string): PgDb & Db {
  return new PgDb(url) as PgDb & Db;
}

/**
 * Inside the target's write transaction: refuse a database that holds any table (exit 4; a copy
 * never mixes with other data), then create the schema as init does.
 */
export function createServerSchema(db: PgDb & Db): void {
  const tables = db.value<number>(sql`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`) ?? 0;
  if (tables > 0) throw new StoreError('copy.targetNotEmpty', { path: db.name });
  migrateServer(db);
  if (storeVersion(db) !== latestVersion) throw new Error('the new server schema is not at the latest version');
}
