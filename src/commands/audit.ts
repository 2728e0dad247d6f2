// `huifang audit sample|record`: re-verify a sample of a month's reached calls by phone [002 §15] (the policy's rate, 10% by default).
import type { Context } from '../cli/context.js';
import { drawAuditSample, recordAudit } from '../app/audits.js';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import type { Parsed } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { shownPhone } from '../render/mask.js';
import { renderTable } from '../render/table.js';
import { openStore } from '../store/db.js';
import type { AuditResult } from '../store/rows.js';
import { OptionChecker } from './option-values.js';
import { periodOf } from './report.js';

const parseRate = (text: string): Parsed<number> => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 && n <= 1 ? { ok: true, value: n } : { ok: false, key: 'audit.badRate', params: { value: text } };
};

export function auditSample(ctx: Context, options: { month?: string; rate?: string; seed?: string; json?: boolean; reveal?: boolean }): void {
  const check = new OptionChecker();
  const rate = check.value('--rate', options.rate, parseRate);
  const seedText = options.seed;
  if (seedText !== undefined && !/^\d+$/.test(seedText)) check.problems.push({ column: '--seed', key: 'value.badWholeNumber', params: { value: seedText, min: 0 } });
  check.done();
  const period = periodOf({ month: options.month }, ctx.today);
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const drawn = drawAuditSample(db, period, { rate, seed: seedText !== undefined ? Number(seedText) : undefined });
    const { visits: picked, population, seed } = drawn;
    if (options.json) {
      ctx.stdout.write(toJson({ period, rate: drawn.rate, seed, population, visits: picked }, { reveal: options.reveal }));
      return;
    }
    const { t } = ctx;
    ctx.stdout.write(`${ctx.color.bold(t('audit.title', { from: period.from, to: period.to, n: picked.length, of: population, seed }))}\n`);
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
    recordAudit(db, visitId, options.result as AuditResult, options.note ?? null, ctx);
    ctx.stdout.write(`${ctx.t('audit.recorded', { id: visitId, result: ctx.t(`audit.${options.result}` as MessageKey) })}\n`);
  } finally {
    db.close();
  }
}
