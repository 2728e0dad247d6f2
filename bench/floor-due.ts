// The `due` floor: node opening the same store with better-sqlite3 and running one query.
import Database from 'better-sqlite3';

const [dbPath, until] = process.argv.slice(2) as [string, string];
const db = new Database(dbPath, { readonly: true });
// The same rows due lists, fetched with one indexed query and nothing else.
const rows = db.prepare("SELECT * FROM task WHERE status IN ('open', 'unreachable') AND list_on <= ?").all(until);
process.stdout.write(`${rows.length}\n`);
db.close();
