// The import floor: the same file parsed and inserted with no checks, no upsert, no encoding sniffing,
// into a store made by `huifang init`. huifang's importer is reported as a ratio to this, measured in
// the same run, both as whole processes (start-up included).
import fs from 'node:fs';
import { parse } from 'csv-parse';
import Database from 'better-sqlite3';

const [dbPath, kind, file] = process.argv.slice(2) as [string, 'customers' | 'visits', string];
const db = new Database(dbPath);
const idOf = db.prepare('SELECT id FROM customer WHERE code = ?').pluck();
const insert =
  kind === 'customers'
    ? db.prepare(
        `INSERT INTO customer (code, name, tier, tier_source, annual_purchase, industry, owner, since, created_on)
         VALUES (?, ?, 'C', 'amount', ?, ?, ?, ?, '2026-11-23')`,
      )
    : db.prepare(
        `INSERT INTO visit (customer_id, at, staff, channel, outcome, score, respondent, feedback, source, natural_key, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, '2026-11-23 09:00')`,
      );
db.exec('BEGIN IMMEDIATE');
for await (const rec of fs.createReadStream(file).pipe(parse({ from_line: 2 })) as AsyncIterable<string[]>) {
  if (kind === 'customers') insert.run(rec[0], rec[1], Number(rec[3]), rec[4], rec[5], rec[6]);
  else insert.run(idOf.get(rec[0]), rec[1], rec[2], rec[3], rec[4], rec[5] || null, rec[6] || null, rec[7] || null, `${rec[0]}|${rec[1]}`);
}
db.exec('COMMIT');
db.close();
