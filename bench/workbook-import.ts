// `npm run bench:xlsx`: 100k customers imported from a workbook and from the same rows as CSV; the workbook must take at most 2× as long.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { generate } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = path.resolve(here, '..', '..');
const bin = path.join(root, 'bin', 'huifang.js');
const probe = path.join(root, 'bench', 'rss-probe.mjs');
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const TODAY = '2026-11-23';
/** The goal of issue 12: a workbook imports within twice the time of the same rows as CSV. */
const GOAL = 2;

/**
 * The generator's CSV rows as a workbook the way a clerk's would be: amounts and dates as typed
 * cells (a date format on 合作日期), text cells shared as Excel shares them (shared strings after
 * the sheet, which is Excel's own order), phones as text.
 */
async function writeWorkbook(csv: string, xlsx: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: true });
  const sheet = book.addWorksheet('客户');
  const lines = readline.createInterface({ input: fs.createReadStream(csv), crlfDelay: Infinity });
  let header: string[] | undefined;
  for await (const line of lines) {
    const cells = line.split(',');
    if (!header) {
      header = cells;
      sheet.addRow(cells).commit();
      continue;
    }
    const values: unknown[] = header.map((name, i) => {
      const text = cells[i] ?? '';
      if (text === '') return null;
      if (name === 'annual_purchase') return Number(text);
      if (name === 'since') return new Date(`${text}T00:00:00Z`);
      return text;
    });
    const row = sheet.addRow(values);
    row.getCell(header.indexOf('since') + 1).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}

interface Run {
  seconds: number;
  peakMb: number;
}

/** One import into a fresh store, with the RSS probe preloaded: wall-clock seconds and peak memory. */
function importOnce(dir: string, file: string): Run {
  const db = path.join(dir, `store-${Math.random().toString(36).slice(2)}.db`);
  const base = [bin, '--db', db, '--today', TODAY];
  const init = spawnSync(process.execPath, [...base, 'init'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const rssFile = path.join(dir, 'rss');
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', probe, ...base, 'import', 'customers', file], {
    encoding: 'utf8',
    env: { ...process.env, HUIFANG_BENCH_RSS_FILE: rssFile, HUIFANG_LANG: 'en' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`import of ${file} failed:\n${r.stderr}`);
  if (!r.stdout.includes(`${CUSTOMERS} rows, ${CUSTOMERS} new`)) throw new Error(`unexpected summary: ${r.stdout}`);
  const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  for (const f of [db, `${db}-wal`, `${db}-shm`, rssFile]) fs.rmSync(f, { force: true });
  return { seconds, peakMb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-bench-xlsx-'));
  try {
    console.log(`huifang workbook bench on ${os.cpus().length} cores, node ${process.version}: ${CUSTOMERS} customers, ${REPEAT} runs each, median`);
    const data = await generate(dir, CUSTOMERS, 0);
    const xlsx = path.join(dir, 'customers.xlsx');
    await writeWorkbook(data.customers, xlsx);
    const mb = (f: string) => (fs.statSync(f).size / 2 ** 20).toFixed(1);
    console.log(`files: customers.csv ${mb(data.customers)} MB, customers.xlsx ${mb(xlsx)} MB`);
    const runs: Record<'csv' | 'xlsx', Run[]> = { csv: [], xlsx: [] };
    // Interleaved, so a slow moment of the machine does not fall on one format only.
    for (let i = 0; i < REPEAT; i++) {
      runs.csv.push(importOnce(dir, data.customers));
      runs.xlsx.push(importOnce(dir, xlsx));
    }
    const csv = median(runs.csv.map((r) => r.seconds));
    const book = median(runs.xlsx.map((r) => r.seconds));
    const peak = (rs: Run[]) => Math.max(...rs.map((r) => r.peakMb)).toFixed(0);
    console.log(`import customers CSV : ${csv.toFixed(2)} s  (runs ${runs.csv.map((r) => r.seconds.toFixed(2)).join(', ')}), peak RSS ${peak(runs.csv)} MB`);
    console.log(`import customers xlsx: ${book.toFixed(2)} s  (runs ${runs.xlsx.map((r) => r.seconds.toFixed(2)).join(', ')}), peak RSS ${peak(runs.xlsx)} MB`);
    const ratio = book / csv;
    console.log(`ratio xlsx / CSV: ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×): ${ratio <= GOAL ? 'met' : 'NOT met'}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
