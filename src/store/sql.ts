// How store modules write SQL for both stores: Kysely's `sql` template compiled per dialect, never SQL strings rewritten.
//
// Why Kysely (0.28, the last line that runs on Node 20): it compiles a template's parameters to each
// dialect's placeholders (`?` for SQLite, `$1` for PostgreSQL) from its syntax tree, and its builders
// cover the dialect differences we need (identifiers, lists). It is used only to compile: the
// statements run synchronously on better-sqlite3 or pg-native (store/sqlite-driver, store/pg-driver),
// so the store keeps its synchronous interface. A statement that needs dialect-specific SQL (date
// arithmetic, JSON) picks its fragment with `db.dialect`, in the store module that owns it.
import { PostgresQueryCompiler, sql, SqliteQueryCompiler, type QueryExecutorProvider, type RawBuilder, type RootOperationNode, type QueryId } from 'kysely';

export { sql };
export type { RawBuilder };

export type Dialect = 'sqlite' | 'postgres';

/** A value a statement can bind: both drivers take these unchanged. */
export type Param = string | number | bigint | null;

/** A query ready to run: its text in one dialect and its parameter values, in order. */
export interface Compiled {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** What the drivers accept: a `sql` template (compiled on each run) or a bound prepared statement. */
export type Query<R = unknown> = RawBuilder<R> | Bound<R>;

/**
 * Compiling needs only a dialect's query compiler; a full Kysely instance (with its driver, plugins
 * and every query builder) costs about 13 ms of start-up that `due` pays on every run (measured with
 * hyperfine: 149 → 162 ms user CPU). A raw query asks its executor provider for just these two steps.
 */
function compilerFor(compiler: { compileQuery(node: RootOperationNode, queryId: QueryId): { sql: string; parameters: readonly unknown[] } }): QueryExecutorProvider {
  const executor = { transformQuery: (node: RootOperationNode) => node, compileQuery: (node: RootOperationNode, queryId: QueryId) => compiler.compileQuery(node, queryId) };
  return { getExecutor: () => executor } as unknown as QueryExecutorProvider;
}

const compilers: Record<Dialect, QueryExecutorProvider> = {
  sqlite: compilerFor(new SqliteQueryCompiler()),
  postgres: compilerFor(new PostgresQueryCompiler()),
};

/** A named parameter slot of a prepared statement, replaced by its value when the statement is bound. */
class Slot {
  constructor(readonly key: string) {}
}

/** Compile a query for one dialect. */
export function compile(q: Query, dialect: Dialect): Compiled {
  if (q instanceof Bound) return q.compiled(dialect);
  const c = q.compile(compilers[dialect]);
  return { sql: c.sql, parameters: c.parameters };
}

/**
 * A statement compiled once per dialect and run many times with named values (an import's inserts,
 * the planner's batches): `const insert = statement<{ code: string }>((p) => sql\`… ${p.code}\`)`,
 * then `db.run(insert.bind({ code }))`. Compiling a template costs about a microsecond, but the
 * hot paths run it hundreds of thousands of times.
 */
export class Statement<P extends Record<string, Param>, R = unknown> {
  private readonly cache = new Map<Dialect, { sql: string; keys: string[] }>();
  constructor(private readonly build: (p: P) => RawBuilder<R>) {}

  /** The text and the order of the named values in one dialect. */
  layout(dialect: Dialect): { sql: string; keys: string[] } {
    let l = this.cache.get(dialect);
    if (!l) {
      const slots = new Proxy({} as P, { get: (_t, key) => new Slot(String(key)) });
      const c = this.build(slots).compile(compilers[dialect]);
      const keys = c.parameters.map((v) => {
        if (!(v instanceof Slot)) throw new Error(`a prepared statement may bind only its named values: ${c.sql}`);
        return v.key;
      });
      l = { sql: c.sql, keys };
      this.cache.set(dialect, l);
    }
    return l;
  }

  bind(values: P): Bound<R> {
    return new Bound<R>(this as unknown as Statement<Record<string, Param>, R>, values);
  }
}

export class Bound<R = unknown> {
  declare readonly _result?: R;
  constructor(
    private readonly statement: Statement<Record<string, Param>, R>,
    private readonly values: Record<string, Param>,
  ) {}

  compiled(dialect: Dialect): Compiled {
    const l = this.statement.layout(dialect);
    return { sql: l.sql, parameters: l.keys.map((k) => this.values[k] ?? null) };
  }
}

export function statement<P extends Record<string, Param>, R = unknown>(build: (p: P) => RawBuilder<R>): Statement<P, R> {
  return new Statement<P, R>(build);
}
