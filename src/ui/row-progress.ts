// A progress bar on stderr counting rows (a store being copied); nothing at all when stderr is not a terminal.
import cliProgress from 'cli-progress';
import type { Translate } from '../i18n/index.js';
import type { Progress } from './progress.js';

/** Fewer rows than this are copied before a bar would be worth drawing. */
const MIN_ROWS_FOR_BAR = 50_000;

export function rowProgress(label: string, totalRows: number, t: Translate, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || totalRows < MIN_ROWS_FOR_BAR) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      // {value}, {total}, {eta}… are cli-progress's own placeholders, left for it to fill.
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ${t('progress.eta')}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalRows, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
