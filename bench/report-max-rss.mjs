// Preloaded with `node --import` when /usr/bin/time is missing: reports the process's peak
// resident set size when it exits, on stderr, for bench/run.mjs to read.
process.on('exit', () => {
  process.stderr.write(`\nflywheel-bench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
