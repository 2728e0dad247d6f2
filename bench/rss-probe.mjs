// Preloaded into a benchmarked process (node --import): records its peak resident memory at exit.
import fs from 'node:fs';
import process from 'node:process';

const out = process.env.HUIFANG_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    // resourceUsage().maxRSS is in kilobytes.
    fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
  });
}
