// `--xlsx --out FILE` on due, plan and report: the options checked before anything is read, and the write.
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { checkOutputPath } from '../io/output-file.js';
import type { Sheet } from '../io/workbook-writer.js';

export interface XlsxOptions {
  xlsx?: boolean;
  out?: string;
  json?: boolean;
  csv?: boolean;
}

/**
 * The checked path to write the workbook to, or undefined without --xlsx. A workbook is a file, not
 * terminal output, so --xlsx needs --out and is one format among --json/--csv (usage errors, exit 2).
 * `outIsForXlsx`: the command has no other use for --out.
 */
export function xlsxTarget(ctx: Context, o: XlsxOptions, only: { outIsForXlsx: boolean }): string | undefined {
  if (!o.xlsx) {
    // due and plan print their text; a file option they would ignore is refused, not dropped.
    if (only.outIsForXlsx && o.out !== undefined) throw new UsageError('option.outNeedsXlsx');
    return undefined;
  }
  if (o.json || o.csv) throw new UsageError('option.xlsxAlone');
  if (o.out === undefined) throw new UsageError('option.xlsxNeedsOut');
  return checkOutputPath(o.out, { store: ctx.dbPath });
}

/** Write the workbook (whole or not at all, mode 0600) and say where, on stderr. */
export async function writeXlsx(ctx: Context, file: string, sheets: readonly Sheet[]): Promise<void> {
  // Loaded here, not at start-up: exceljs takes longer to load than the call list takes to show.
  const { writeWorkbook } = await import('../io/workbook-writer.js');
  await writeWorkbook(file, sheets);
  ctx.stderr.write(`${ctx.t('report.written', { file })}\n`);
}
