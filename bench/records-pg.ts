// `node dist/bench/records-pg.js` (after `npm run build`): the bench dataset imported into a SQLite file and into a PostgreSQL database in the same run, each import timed (issue 14: PostgreSQL ≤ 2× SQLite).
//
// The admin URL comes from HUIFANG_BENCH_PG (else HUIFANG_TEST_PG); a database of its own is made and dropped.
// BENCH_CUSTOMERS (100k) and BENCH_VISITS_PER_CUSTOMER (5) size the data, as in bench.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgDb } from '../src/store/pg-driver.js';
import { generate } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = path.resolve(here, '..', '..');
const bin = path.join(root, 'bin', 'huifang.js');
const TODAY = '2026-11-23';
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const VISITS_PER_CUSTOMER = Number(process.env.BENCH_VISITS_PER_CUSTOMER ?? 5);

function timed(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, '--today', TODAY, ...args], { encoding: 'utf8', env: { ...process.env, HUIFANG_LANG: 'en' } });
  if (r.status !== 0) throw new Error(`failed: huifang ${args.join(' ')}\n${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const admin = process.env.HUIFANG_BENCH_PG || process.env.HUIFANG_TEST_PG;
  if (!admin) throw new Error('set HUIFANG_BENCH_PG to an admin URL of a PostgreSQL server (postgres://user@host:port/postgres)');
  const out = path.join(root, 'bench', 'out', 'records-pg');
  fs.rmSync(out, { recursive: true, force: true });
  const data = await generate(path.join(out, 'data'), CUSTOMERS, VISITS_PER_CUSTOMER);
  const file = path.join(out, 'bench.db');
  const name = `huifang_bench_records_${process.pid}`;
  const a = new PgDb(admin);
  a.exec(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    timed(['--db', file, 'init']);
    timed(['--db', url.toString(), 'init']);
    console.log(`import of ${data.counts.customers} customers, ${data.counts.visits} visits, ${data.counts.events} events (whole commands: check, write, re-plan)`);
    console.log('what               sqlite s  postgres s  ratio');
    for (const kind of ['customers', 'visits', 'events'] as const) {
      const onFile = timed(['--db', file, 'import', kind, data[kind]]);
      const onServer = timed(['--db', url.toString(), 'import', kind, data[kind]]);
      console.log(`import ${kind.padEnd(11)} ${onFile.toFixed(2).padStart(8)}  ${onServer.toFixed(2).padStart(10)}  ${(onServer / onFile).toFixed(2)}×`);
    }
  } finally {
    a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    a.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

await main();
