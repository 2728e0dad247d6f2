// Reading and writing the stored policy document.
import { defaultPolicy, withDefaults, type Policy } from '../domain/policy.js';
import type { IsoDate } from '../domain/dates.js';
import type { Db } from './db.js';
import { sql } from './sql.js';

export function loadPolicy(db: Db): Policy {
  const doc = db.value<string>(sql`SELECT document FROM policy WHERE id = 1`);
  return doc ? withDefaults(JSON.parse(doc) as Policy) : defaultPolicy();
}

export function savePolicy(db: Db, policy: Policy, today: IsoDate): void {
  db.run(
    sql`INSERT INTO policy (id, document, updated_on) VALUES (1, ${JSON.stringify(policy, null, 2)}, ${today})
     ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_on = excluded.updated_on`,
  );
}
