// `huifang audit sample|record`: re-verify a 10% sample of a month's reached calls by phone [002 §15].
import type { Context } from '../cli/context.js';
import { sample, seedOf } from '../domain/sample.js';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import type { Parsed } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { shownPhone } from '../render/mask.js';
import { renderTable } from '../render/table.js';
import { inWriteTransaction, openStore } from '../store/db.js';
import { OptionChecker } from './option-values.js';
import { periodOf } from './report.js';

interface SampledVisit {
  id: number;
  at: string;
  code: string;
  name: string;
  contact: string | null;
  phone: string | null;
  staff: string | null;
  channel: string;
  score: number | null;
  feedback: string | null;
  audited: string | null;
}

const parseRate = (text: string): Parsed<number> => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 && n <= 1 ? { ok: true, value: n } : { ok: false, key: 'audit.badRate', params: { value: text } };
};

export function auditSample(ctx: Context, options: { month?: string; rate?: string; seed?: string; json?: boolean; reveal?: boolean }): void {
  const check = new OptionChecker();
  const rate = check.value('--rate', options.rate, parseRate) ?? 0.1;
  const seedText = options.seed;
  if (seedText !== undefined && !/^\d+$/.test(seedText)) check.problems.push({ column: '--seed', key: 'value.badWholeNumber', params: { value: seedText, min: 0 } });
  check.done();
  const period = periodOf({ month: options.month }, ctx.today);
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const visits = db
      .prepare(
        `SELECT v.id, v.at, c.code, c.name, k.name AS contact, k.phone, v.staff, v.channel, v.score, v.feedback,
                (SELECT result FROM audit a WHERE a.visit_id = v.id ORDER BY a.id DESC LIMIT 1) AS audited
         FROM visit v JOIN customer c ON c.id = v.customer_id
         LEFT JOIN contact k ON k.id = coalesce(v.contact_id, (SELECT id FROM contact WHERE customer_id = c.id ORDER BY is_primary DESC, id LIMIT 1))
         WHERE v.outcome = 'reached' AND v.at BETWEEN ? AND ?
           AND NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)
         ORDER BY v.id`,
      )
      .all(`${period.from} 00:00`, `${period.to} 23:59`) as SampledVisit[];
    const seed = seedText !== undefined ? Number(seedText) : seedOf(period.from);
    const picked = sample(visits, rate, seed).sort((a, b) => a.id - b.id);
    if (options.json) {
      ctx.stdout.write(toJson({ period, rate, seed, population: visits.length, visits: picked }, { reveal: options.reveal }));
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(`${ctx.color.bold(t('audit.title', { from: period.from, to: period.to, n: picked.length, of: visits.length, seed }))}\n`);
    if (picked.length) {
      ctx.stdout.write(
        `${renderTable(
          [{ header: t('rep.visit') }, { header: t('col.date') }, { header: t('col.customer') }, { header: t('col.contact') }, { header: t('rep.staff') }, { header: t('audit.toVerify') }, { header: t('audit.result') }],
          picked.map((v) => [
            String(v.id),
            v.at,
            `${v.code} ${v.name}`,
            `${v.contact ?? ''} ${shownPhone(v.phone, options.reveal) ?? ''}`.trim(),
            v.staff ?? '',
            `${t(`channel.${v.channel}` as MessageKey)} · ${v.score ?? '—'}★${v.feedback ? ` · ${v.feedback}` : ''}`,
            v.audited ? t(`audit.${v.audited}` as MessageKey) : '',
          ]),
        )}\n`,
      );
      ctx.stdout.write(`${t('audit.hint')}\n`);
    }
  } finally {
    db.close();
  }
}

const RESULTS = ['confirmed', 'mismatch', 'unreachable'] as const;

export function auditRecord(ctx: Context, visitId: string, options: { result: string; note?: string }): void {
  if (!(RESULTS as readonly string[]).includes(options.result)) {
    throw new InputError('option.badValue', { option: '--result', value: options.result, allowed: RESULTS.join(', ') });
  }
  const db = openStore(ctx.dbPath);
  try {
    inWriteTransaction(db, () => {
      const v = db.prepare("SELECT id, outcome FROM visit WHERE id = ?").get(Number(visitId)) as { id: number; outcome: string } | undefined;
      if (!v) throw new InputError('log.unknownVisit', { id: visitId });
      db.prepare('INSERT INTO audit (visit_id, auditor, audited_at, result, note) VALUES (?, ?, ?, ?, ?)').run(v.id, ctx.user ?? null, ctx.now, options.result, options.note ?? null);
    });
    ctx.stdout.write(`${ctx.t('audit.recorded', { id: visitId, result: ctx.t(`audit.${options.result}` as MessageKey) })}\n`);
  } finally {
    db.close();
  }
}
