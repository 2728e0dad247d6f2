// `npm run bench`: synthetic store through the real importers, timed against a floor measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = path.resolve(here, '..', '..');
const bin = path.join(root, 'bin', 'huifang.js');
const probe = path.join(root, 'bench', 'rss-probe.mjs');
const floorScript = path.join(here, 'floor-import.js');
const floorDueScript = path.join(here, 'floor-due.js');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const TODAY = '2026-11-23';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
/** BENCH_ONLY=new-month: build the big store and time only the first command of a new month. */
const ONLY = process.env.BENCH_ONLY;
/** The first day of the month after TODAY's: the planning horizon moves a month on (SPEC §3.0). */
const NEW_MONTH = '2026-12-01';
const VISITS_PER_CUSTOMER = Number(process.env.BENCH_VISITS_PER_CUSTOMER ?? 5);

interface Run {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** Run node with the RSS probe preloaded; wall-clock seconds and peak resident memory. */
function timed(args: string[]): Run {
  const rssFile = path.join(os.tmpdir(), `huifang-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', probe, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HUIFANG_BENCH_RSS_FILE: rssFile, HUIFANG_LANG: 'en' },
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`failed: node ${args.join(' ')}\n${r.stderr}`);
  const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  fs.rmSync(rssFile, { force: true });
  return { seconds, peakMb, stdout: r.stdout };
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function main(): Promise<void> {
  const out = path.join(root, 'bench', 'out');
  fs.rmSync(out, { recursive: true, force: true });
  console.log(`huifang bench on ${os.cpus().length} cores, node ${process.version}`);
  console.log(`generating ${CUSTOMERS} customers, ${CUSTOMERS * VISITS_PER_CUSTOMER} visits…`);
  const data = await generate(path.join(out, 'data'), CUSTOMERS, VISITS_PER_CUSTOMER);

  const db = path.join(out, 'bench.db');
  const base = [bin, '--db', db, '--today', TODAY];
  timed([...base, 'init']);
  const custRun = timed([...base, 'import', 'customers', data.customers]);
  const visitRun = timed([...base, 'import', 'visits', data.visits]);
  const eventRun = timed([...base, 'import', 'events', data.events]);

  const median = (args: string[], before?: () => void): Run => {
    const runs = Array.from({ length: REPEAT }, () => {
      before?.();
      return timed(args);
    }).sort((a, b) => a.seconds - b.seconds);
    return runs[Math.floor(runs.length / 2)] as Run;
  };
  // The first command of a new month re-plans every customer for the new horizon; each run starts
  // from a copy of the store as last month left it (afterwards it is a plain read).
  const monthDb = path.join(out, 'new-month.db');
  const newMonth = median([bin, '--db', monthDb, '--today', NEW_MONTH, 'due'], () => fs.copyFileSync(db, monthDb));
  const newMonthLine = () =>
    console.log(
      `${`due, new month ${NEW_MONTH}`.padEnd(26)} ${fmt(newMonth.seconds).padEnd(8)} ${fmt(newMonth.peakMb, 0).padEnd(8)} re-plans ${data.counts.customers} customers for the new horizon (median of ${REPEAT})`,
    );
  if (ONLY === 'new-month') {
    console.log('');
    console.log('what                       seconds  peak MB');
    newMonthLine();
    return;
  }
  const again = timed([...base, 'import', 'visits', data.visits]);

  // Floor: csv-parse + one prepared INSERT per row, in one transaction, into a store made by init.
  const floorDb = path.join(out, 'floor.db');
  timed([bin, '--db', floorDb, '--today', TODAY, 'init']);
  const floorCustomers = timed([floorScript, floorDb, 'customers', data.customers]);
  const floorVisits = timed([floorScript, floorDb, 'visits', data.visits]);

  const rows: [string, number, Run, number | null][] = [
    ['import customers', data.counts.customers, custRun, floorCustomers.seconds],
    ['import visits', data.counts.visits, visitRun, floorVisits.seconds],
    ['import events', data.counts.events, eventRun, null],
    ['re-import visits (no-op)', data.counts.visits, again, null],
  ];
  // --- due: the morning list against a one-query floor, on the big store and a 10× smaller one.
  const small = await generate(path.join(out, 'small'), Math.round(CUSTOMERS / 10), VISITS_PER_CUSTOMER, 7);
  const smallDb = path.join(out, 'small.db');
  const smallBase = [bin, '--db', smallDb, '--today', TODAY];
  timed([...smallBase, 'init']);
  for (const kind of ['customers', 'visits', 'events'] as const) timed([...smallBase, 'import', kind, small[kind]]);

  const floorDue = median([floorDueScript, db, TODAY]);
  const dueBig = median([...base, 'due']);
  const dueBigJson = median([...base, 'due', '--json']);
  const floorDueSmall = median([floorDueScript, smallDb, TODAY]);
  const dueSmall = median([...smallBase, 'due']);
  const listed = (JSON.parse(dueBigJson.stdout) as { items: unknown[] }).items.length;
  // report: last month's figures on the big store, against the same floor.
  const reportBig = median([...base, 'report', '--month', '2026-10', '--json']);
  const reportTable = median([...base, 'report', '--month', '2026-10']);

  console.log('');
  console.log('what                       rows     seconds  rows/s    peak MB  ratio to floor');
  for (const [what, n, run, floor] of rows) {
    console.log(
      `${what.padEnd(26)} ${String(n).padEnd(8)} ${fmt(run.seconds).padEnd(8)} ${String(Math.round(n / run.seconds)).padEnd(9)} ${fmt(run.peakMb, 0).padEnd(8)} ${floor ? `${fmt(run.seconds / floor)}× (floor ${fmt(floor)} s)` : ''}`,
    );
  }
  console.log('');
  console.log(`due (median of ${REPEAT} runs; ${floorDue.stdout.trim()} open tasks listed by today, ${listed} customers on the list)`);
  console.log('what                       seconds  peak MB  ratio');
  const line = (what: string, r: Run, ratio: string) =>
    console.log(`${what.padEnd(26)} ${fmt(r.seconds).padEnd(8)} ${fmt(r.peakMb, 0).padEnd(8)} ${ratio}`);
  line('floor (one query)', floorDue, '1.00×');
  line('due (table)', dueBig, `${fmt(dueBig.seconds / floorDue.seconds)}× floor`);
  line('due --json', dueBigJson, `${fmt(dueBigJson.seconds / floorDue.seconds)}× floor`);
  line(`due, ${small.counts.customers} customers`, dueSmall, `big/small ${fmt(dueBig.seconds / dueSmall.seconds)}× (small floor ${fmt(floorDueSmall.seconds)} s)`);
  console.log('targets (issue 3): due ≤ 1.5× floor, big/small ≤ 1.2×, peak < 150 MB.');
  line('report --json (2026-10)', reportBig, `${fmt(reportBig.seconds / floorDue.seconds)}× floor`);
  line('report (table, 6-month trend)', reportTable, `${fmt(reportTable.seconds / floorDue.seconds)}× floor`);
  console.log('target (issue 5): report ≤ 3× floor.');
  newMonthLine();
  console.log('');
  console.log('floor = a node process that streams the same file through csv-parse into one prepared INSERT');
  console.log('per row, in one transaction, into a store made by huifang init (no checks, no upsert);');
  console.log('both are timed as whole processes, start-up included.');
  console.log('targets (issue 2): ≥ 100k rows/s, peak < 300 MB.');
}

await main();
