// Synthetic data for the benchmark: customers, visit history and deliveries as the importers read them.
import fs from 'node:fs';
import { once } from 'node:events';
import { seededRandom as rng } from '../src/domain/sample.js';

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = fs.createWriteStream(file, { mode: 0o600 });
  let buf = '';
  for (const line of lines) {
    buf += `${line}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

const CLERKS = ['王芳', '李娜', '张伟', '刘洋'];
const code = (i: number) => `B${String(i).padStart(6, '0')}`;
const pad = (n: number) => String(n).padStart(2, '0');

/** A date in the given year before November, as YYYY-MM-DD (days 1–28 keep it valid). */
function dateIn(r: () => number, year: number): string {
  return `${year}-${pad(1 + Math.floor(r() * 10))}-${pad(1 + Math.floor(r() * 28))}`;
}

export interface Dataset {
  customers: string;
  visits: string;
  events: string;
  counts: { customers: number; visits: number; events: number };
}

export async function generate(
  dir: string,
  customers: number,
  visitsPerCustomer: number,
  seed = 42,
  /** How many customers are overdue on the benchmark's day, whatever the store's size. */
  dueCustomers = 300,
): Promise<Dataset> {
  fs.mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const files = {
    customers: `${dir}/customers.csv`,
    visits: `${dir}/visits.csv`,
    events: `${dir}/events.csv`,
  };
  await writeLines(
    files.customers,
    (function* () {
      yield 'code,name,tier,annual_purchase,industry,owner,since,contact,phone';
      for (let i = 1; i <= customers; i++) {
        // Tier by amount, matching the visit cadence below: every 8th A, every 2nd B, the rest C.
        // `since` is years back, so nobody is planned from it; no `key` tags (on-site every 6 months).
        const amount = i % 8 === 0 ? 6_000_000 : i % 2 === 0 ? 2_000_000 : Math.floor(r() * 900_000);
        const phone = `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
        yield `${code(i)},客户${i}有限公司,,${amount},工业制造,${CLERKS[i % 4]},${dateIn(r, 2024)},联系人${i},${phone}`;
      }
    })(),
  );
  let visitCount = 0;
  // Visits follow each customer's cadence (A monthly, B quarterly, C half-yearly, from the amount
  // written above), the latest one reached. A fixed number of customers, spread over the store,
  // are a little overdue; everyone else's next call lies ahead. Big and small stores then have the
  // same morning list and differ only in history, which is what the due benchmark compares.
  const r2 = rng(seed + 1);
  const everyNth = Math.max(1, Math.floor(customers / dueCustomers));
  await writeLines(
    files.visits,
    (function* () {
      yield 'customer,at,staff,channel,outcome,score,respondent,feedback';
      const anchor = Date.UTC(2026, 10, 23);
      const dayMs = 86_400_000;
      for (let i = 1; i <= customers; i++) {
        const tier = i % 8 === 0 ? 'A' : i % 2 === 0 ? 'B' : 'C';
        const cadenceDays = tier === 'A' ? 30 : tier === 'B' ? 91 : 182;
        const due = i % everyNth === 0;
        // Due ones: one cadence and up to 20 days ago; others: recent enough to be due in 10+ days.
        const lastAgo = due ? cadenceDays + 1 + Math.floor(r2() * 20) : Math.floor(r2() * Math.max(1, cadenceDays - 40)) + 3;
        const stamps: { at: string; channel: string; last: boolean }[] = [];
        for (let k = 0; k < visitsPerCustomer; k++) {
          const d = new Date(anchor - (lastAgo + k * Math.max(7, Math.floor(cadenceDays / 2))) * dayMs);
          // A customers are visited on site, the others by phone (so on-site tasks have history too).
          stamps.push({
            at: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(10 + (k % 6))}:${pad(i % 60)}`,
            channel: tier === 'A' && k === 0 ? 'onsite' : 'phone',
            last: k === 0,
          });
        }
        for (const v of stamps.reverse()) {
          const reached = v.last || r2() < 0.8;
          visitCount++;
          yield reached
            ? `${code(i)},${v.at},${CLERKS[i % 4]},${v.channel},reached,${3 + Math.floor(r2() * 3)},self,使用正常`
            : `${code(i)},${v.at},${CLERKS[i % 4]},${v.channel},no_answer,,,`;
        }
      }
    })(),
  );
  let eventCount = 0;
  await writeLines(
    files.events,
    (function* () {
      yield 'customer,type,date,amount,ref';
      // Deliveries for a quarter of the customers (issue 3's benchmark shape).
      for (let i = 1; i <= customers; i += 4) {
        eventCount++;
        // Deliveries in the last three weeks: their 1-, 3- and 6-month calls are all still ahead.
        const d = new Date(Date.UTC(2026, 10, 20) - Math.floor(r() * 21) * 86_400_000);
        yield `${code(i)},delivery,${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())},${Math.floor(r() * 500_000)},FH-${i}`;
      }
    })(),
  );
  return { ...files, counts: { customers, visits: visitCount, events: eventCount } };
}
