// A progress bar on stderr for long imports; nothing at all when stderr is not a terminal.
import cliProgress from 'cli-progress';
import type { Translate } from '../i18n/index.js';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/** Files smaller than this finish before a bar would be worth drawing. */
const MIN_BYTES_FOR_BAR = 1 << 20;

export function byteProgress(label: string, totalBytes: number, t: Translate, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || totalBytes < MIN_BYTES_FOR_BAR) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      // {value}, {total}, {eta}… are cli-progress's own placeholders, left for it to fill.
      format: `${label} [{bar}] {percentage}% | {value}/{total} MB | ${t('progress.eta')}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const mb = (n: number) => Math.round((n / (1 << 20)) * 10) / 10;
  bar.start(mb(totalBytes), 0);
  return {
    update: (done) => bar.update(mb(done)),
    stop: () => bar.stop(),
  };
}
