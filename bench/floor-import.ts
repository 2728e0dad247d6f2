// The import floor: the same file parsed and inserted with no checks, no upsert, no encoding sniffing,
// into a store made by `huifang init`. huifang's importer is reported as a ratio to this, measured in
// the same run, both as whole processes (start-up included).
//
// With a fourth argument, a file of the other rows huifang's import wrote (bench.ts's planRows: the
// contacts, the tasks of the plan it added, changed or removed, the links of visits to the tasks they
// did, each customer's next plan date), the floor also writes those, in the same transaction, each kind with one INSERT … SELECT,
// UPDATE or DELETE: the fastest SQLite writes them. That is what the rows alone cost, with no
// checking, matching or planning: how far below it no import could go.
import fs from 'node:fs';
import { parse } from 'csv-parse';
import Database from 'better-sqlite3';

const [dbPath, kind, file, planRows] = process.argv.slice(2) as [string, 'customers' | 'visits', string, string?];
const db = new Database(dbPath);
// Attached before the transaction: SQLite attaches no database inside one.
if (planRows !== undefined) db.prepare('ATTACH DATABASE ? AS p').run(planRows);
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
if (planRows !== undefined) {
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all('task') as string[]).filter((c) => c !== 'id');
  db.exec(`
    DELETE FROM task WHERE id IN (SELECT id FROM p.task_removed);
    INSERT INTO contact SELECT * FROM p.contact_added;
    INSERT INTO task SELECT * FROM p.task_added;
    UPDATE task SET (${columns.join(', ')}) = (SELECT ${columns.join(', ')} FROM p.task_changed c WHERE c.id = task.id)
      WHERE id IN (SELECT id FROM p.task_changed);
    INSERT INTO visit_task SELECT * FROM p.visit_task_added;
    UPDATE customer SET next_plan_on = (SELECT next_plan_on FROM p.customer_replanned r WHERE r.id = customer.id)
      WHERE id IN (SELECT id FROM p.customer_replanned);
  `);
}
db.exec('COMMIT');
db.close();
