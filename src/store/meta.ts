// Store-level facts (which version created it, whether it is a demo store).
import type { Db } from './db.js';
import { sql } from './sql.js';

export function getMeta(db: Db, key: string): string | undefined {
  return db.value<string>(sql`SELECT value FROM meta WHERE key = ${key}`);
}

export function setMeta(db: Db, key: string, value: string): void {
  db.run(sql`INSERT INTO meta (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}
