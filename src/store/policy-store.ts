// Reading and writing the stored policy document.
import { defaultPolicy, withDefaults, type Policy } from '../domain/policy.js';
import type { IsoDate } from '../domain/dates.js';
import type { Db } from './db.js';

export function loadPolicy(db: Db): Policy {
  const doc = db.prepare('SELECT document FROM policy WHERE id = 1').pluck().get() as string | undefined;
  return doc ? withDefaults(JSON.parse(doc) as Policy) : defaultPolicy();
}

export function savePolicy(db: Db, policy: Policy, today: IsoDate): void {
  db.prepare(
    `INSERT INTO policy (id, document, updated_on) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_on = excluded.updated_on`,
  ).run(JSON.stringify(policy, null, 2), today);
}
