// The store both copy test files start from: the demo store with a row in every table (an issue raised by a low-scored call and responded to, an audit of that call, a calendar override; the demo has none of these).
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from './helpers.js';

export const COPY_TODAY = '2026-11-23';

/** Run huifang on the copy tests' day, in a language. */
export const copyCli = (args: string[], lang = 'en') => runCli(['--today', COPY_TODAY, '--lang', lang, ...args]);

/** Build the source store in `dir`; its path. */
export function buildCopySource(dir: string): string {
  const source = path.join(dir, 'source.db');
  const on = (args: string[]) => {
    const r = copyCli(['--db', source, ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  on(['demo']);
  const visit = JSON.parse(on(['log', 'KH0001', '--outcome', 'reached', '--score', '2', '--issue', 'urgent:product:屏幕碎了', '--yes', '--json'])) as { id: number; issues: { id: number }[] };
  on(['issue', 'respond', String(visit.issues[0]?.id), '--note', '已转质检部']);
  on(['audit', 'record', String(visit.id), '--result', 'confirmed', '--note', '客户确认']);
  const holidays = path.join(dir, 'holidays.csv');
  fs.writeFileSync(holidays, 'date,kind,name\n2027-02-06,workday,春节调休\n');
  on(['import', 'holidays', holidays]);
  return source;
}
