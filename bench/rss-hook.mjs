// Fallback peak-memory probe for node children when GNU time is missing:
// loaded with `node --import bench/rss-hook.mjs ...`, it writes this
// process's peak RSS in kibibytes to $BENCH_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // the benchmark then reports no memory for this run
    }
  });
}
