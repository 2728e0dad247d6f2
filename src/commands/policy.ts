// `huifang policy show | export [FILE] | import FILE`: the rules as one validated JSON document.
import type { Context } from '../cli/context.js';
import { checkPolicy } from '../domain/policy-schema.js';
import type { Policy } from '../domain/policy.js';
import { InputError, type Problem } from '../errors.js';
import { vocabularyLabel, type MessageKey } from '../i18n/index.js';
import { readTextDocument } from '../io/input-file.js';
import { checkOutputPath, writeOutputFile } from '../io/output-file.js';
import { toJson } from '../render/json.js';
import { describeOffset } from '../render/offset.js';
import { policyProblemLines } from '../render/policy-problems.js';
import { renderTable } from '../render/table.js';
import { importPolicy } from '../app/policy.js';
import { openStore } from '../store/db.js';
import { loadPolicy } from '../store/policy-store.js';

export function policyShow(ctx: Context): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  let policy: Policy;
  try {
    policy = loadPolicy(db);
  } finally {
    db.close();
  }
  const { t } = ctx;
  const lang = ctx.lang;
  const rows = policy.rules.map((r) => [
    r.id + (r.enabled ? '' : ` (${t('policy.disabled')})`),
    r.purpose[lang],
    r.kind === 'periodic'
      ? r.intervals.map((i) => `${[...(i.when.tiers ?? []), ...(i.when.tags ?? []).map((x) => vocabularyLabel(t, 'tag', x))].join('/') || '*'} ${describeOffset(t, i.every)}`).join(', ')
      : `${r.on.map((x) => vocabularyLabel(t, 'eventType', x)).join('/')} ${describeOffset(t, r.due)}`,
    describeOffset(t, r.kind === 'periodic' ? { days: r.grace_days } : r.deadline),
    r.kind === 'event' && r.share < 1 ? `${Math.round(r.share * 100)}%` : '100%',
    t(`channel.${r.channel}` as MessageKey),
  ]);
  ctx.stdout.write(
    `${renderTable(
      [{ header: t('col.rule') }, { header: t('col.purpose') }, { header: t('col.when') }, { header: t('col.deadline') }, { header: t('col.share') }, { header: t('col.channel') }],
      rows,
    )}\n`,
  );
  ctx.stdout.write(`${t('policy.more')}\n`);
}

export function policyExport(ctx: Context, file: string | undefined): void {
  const out = file === undefined ? undefined : checkOutputPath(file, { store: ctx.dbPath });
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const text = toJson(loadPolicy(db));
    if (out) {
      writeOutputFile(out, text);
      ctx.stderr.write(`${ctx.t('policy.exported', { file: out })}\n`);
    } else {
      ctx.stdout.write(text);
    }
  } finally {
    db.close();
  }
}

/** JSON.parse's position, as a line and column of the file. */
function jsonProblem(file: string, text: string, err: Error): Problem {
  const pos = Number(/position (\d+)/.exec(err.message)?.[1] ?? NaN);
  if (Number.isNaN(pos)) return { file, key: 'policy.badJson', params: { detail: err.message } };
  const before = text.slice(0, pos).split('\n');
  return { file, line: before.length, column: `col ${(before[before.length - 1]?.length ?? 0) + 1}`, key: 'policy.badJson', params: { detail: err.message } };
}

export function policyImport(ctx: Context, file: string): void {
  const text = readTextDocument(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError('policy.invalid', { file, count: 1 }, [jsonProblem(file, text, err as Error)]);
  }
  const { policy, problems } = checkPolicy(doc, ctx.lang);
  if (!policy) {
    throw new InputError(
      'policy.invalid',
      { file, count: problems.length },
      policyProblemLines(problems, ctx.t).map((p) => ({ file, key: 'policy.problem', params: { problem: p } })),
    );
  }
  const db = openStore(ctx.dbPath);
  try {
    const counts = importPolicy(db, policy, ctx.today);
    ctx.stdout.write(`${ctx.t('policy.imported', { file, inserted: counts.inserted, closed: counts.closed + counts.removed, moved: counts.moved })}\n`);
  } finally {
    db.close();
  }
}
