// One clerk's morning for the concurrency test: log N calls, one per customer given, each its own transaction, in one process.
// argv: dbUrl clerk today codes(comma-separated)
const [url, clerk, today, codes] = process.argv.slice(2);
const root = new URL('../../dist/src/', import.meta.url);
const { openStore } = await import(new URL('store/db.js', root).href);
const { logVisit } = await import(new URL('app/log-visit.js', root).href);
const db = openStore(url);
let logged = 0;
try {
  for (const [i, code] of codes.split(',').entries()) {
    const minute = String(i % 60).padStart(2, '0');
    logVisit(db, { code, outcome: 'reached', score: 4, respondent: 'self', when: { date: today, time: `10:${minute}` }, issues: [], staff: clerk }, { today, now: `${today} 10:${minute}`, user: clerk });
    logged++;
  }
} finally {
  db.close();
  process.stdout.write(`${logged}\n`);
}
