// Audit use cases [002 §15]: draw a reproducible sample of a month's reached calls, record a re-check's result.
import { contactOfVisit } from '../domain/contact-to-dial.js';
import type { IsoDate } from '../domain/dates.js';
import { sample, seedOf } from '../domain/sample.js';
import { InputError } from '../errors.js';
import { insertAudit, reachedVisitsBetween, type AuditableVisit } from '../store/audits.js';
import { contactsByCustomer } from '../store/customers.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { loadPolicy } from '../store/policy-store.js';
import type { AuditResult } from '../store/rows.js';
import { visitById } from '../store/visit-log.js';
import type { Clock } from './clock.js';

/** A drawn call as the auditor sees it: the contact to call back instead of the ids. */
export type SampledVisit = Omit<AuditableVisit, 'customer_id' | 'contact_id'> & { contact: string | null; phone: string | null };

export interface AuditSample {
  rate: number;
  seed: number;
  population: number;
  visits: SampledVisit[];
}

/** The sample of [from, to]'s reached calls: the policy's rate unless one is given, the month's seed unless one is given. */
export function drawAuditSample(db: Db, period: { from: IsoDate; to: IsoDate }, given: { rate?: number; seed?: number }): AuditSample {
  const rate = given.rate ?? loadPolicy(db).audit.sample_rate;
  const seed = given.seed ?? seedOf(period.from);
  const population = reachedVisitsBetween(db, `${period.from} 00:00`, `${period.to} 23:59`);
  const picked = sample(population, rate, seed).sort((a, b) => a.id - b.id);
  const contacts = contactsByCustomer(db, [...new Set(picked.map((v) => v.customer_id))]);
  const visits = picked.map((v) => {
    const k = contactOfVisit(v.contact_id, contacts.get(v.customer_id) ?? []);
    return {
      id: v.id,
      at: v.at,
      code: v.code,
      name: v.name,
      contact: k?.name ?? null,
      phone: k?.phone ?? null,
      staff: v.staff,
      channel: v.channel,
      score: v.score,
      feedback: v.feedback,
      audited: v.audited,
    };
  });
  return { rate, seed, population: population.length, visits };
}

export function recordAudit(db: Db, visitIdText: string, result: AuditResult, note: string | null, clock: Clock): void {
  inWriteTransaction(db, () => {
    const v = visitById(db, Number(visitIdText));
    if (!v) throw new InputError('log.unknownVisit', { id: visitIdText });
    insertAudit(db, { visitId: v.id, auditor: clock.user ?? null, at: clock.now, result, note });
  });
}
