// Child process of test/pg/plan.test.ts: re-plan one customer of a PostgreSQL store in one transaction
// and print the counts and how long it took. Run: node --import tsx plan-replan-child.ts URL ID TODAY
import { WorkCalendar } from '../../src/domain/calendar.js';
import { officialCalendar } from '../../src/domain/official-calendar.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { horizonEnd, replan } from '../../src/app/plan-sync.js';
import { openStore } from '../../src/store/db.js';

const [url, id, today] = process.argv.slice(2) as [string, string, string];
const db = openStore(url);
const ctx = { policy: defaultPolicy(), calendar: new WorkCalendar(officialCalendar(), []), today, horizonEnd: horizonEnd(today), supervisor: null };
const t = performance.now();
try {
  const counts = db.transaction(() => replan(db, [Number(id)], ctx));
  process.stdout.write(JSON.stringify({ counts, ms: performance.now() - t }));
} catch (err) {
  process.stdout.write(JSON.stringify({ error: String((err as Error).message) }));
} finally {
  db.close();
}
