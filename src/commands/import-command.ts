// The CLI face of `huifang import`: option checks, then a one-line summary (or JSON) of what was written.
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { formatProblem } from '../render/problems.js';
import type { EncodingChoice } from '../io/row-source.js';
import type { ImportKindName } from '../io/imports/kind.js';
import { toJson } from '../render/json.js';
import type { Context } from '../cli/context.js';
import { IMPORT_KINDS, ImportFailed, importFile, type ImportSummary } from './import.js';

interface Options {
  dryRun?: boolean;
  encoding: string;
  rejects?: string;
  sheet?: string;
  json?: boolean;
}

const ENCODINGS: readonly EncodingChoice[] = ['auto', 'utf8', 'gbk'];

export async function importCommand(ctx: Context, kind: string, file: string, options: Options): Promise<void> {
  if (!IMPORT_KINDS.includes(kind as ImportKindName)) {
    throw new InputError('import.badKind', { kind, allowed: IMPORT_KINDS.join(', ') });
  }
  const encoding = options.encoding.toLowerCase().replace('-', '');
  if (!ENCODINGS.includes(encoding as EncodingChoice)) {
    throw new InputError('option.badValue', { option: '--encoding', value: options.encoding, allowed: ENCODINGS.join(', ') });
  }
  let summary: ImportSummary;
  try {
    summary = await importFile(ctx, kind as ImportKindName, file, {
      dryRun: options.dryRun,
      encoding: encoding as EncodingChoice,
      rejects: options.rejects,
      sheet: options.sheet,
    });
  } catch (err) {
    if (err instanceof ImportFailed) printWarnings(ctx, err.summary);
    throw err;
  }
  printWarnings(ctx, summary);
  if (options.json) {
    const { problems, warnings, ...counts } = summary;
    ctx.stdout.write(
      toJson({
        ...counts,
        problems: problems.map((p) => formatProblem(ctx.t, p)),
        warnings: warnings.map((p) => formatProblem(ctx.t, p)),
      }),
    );
    return;
  }
  const key = summary.dryRun ? 'import.summaryDryRun' : 'import.summary';
  ctx.stdout.write(
    `${ctx.t(key, {
      file: summary.file,
      rows: summary.rows,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      encoding: ctx.t(`encoding.${summary.encoding}` as MessageKey),
    })}\n`,
  );
  if (summary.rejected > 0 && options.rejects) {
    ctx.stderr.write(`${ctx.t('import.rejectedTo', { count: summary.rejected, file: options.rejects })}\n`);
  }
}

function printWarnings(ctx: Context, summary: ImportSummary): void {
  for (const w of summary.warnings) ctx.stderr.write(`${ctx.t('label.warning')}${formatProblem(ctx.t, w)}\n`);
  if (summary.warningsNotShown) {
    ctx.stderr.write(`${ctx.t('label.warning')}${ctx.t('import.moreWarnings', { count: summary.warningsNotShown })}\n`);
  }
}
