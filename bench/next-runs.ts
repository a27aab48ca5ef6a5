// `npm run bench:schedule`: how long nextRuns takes to expand a year of common schedules in a
// zone with daylight saving (the validator and the compiler expand every series this way).
import { cpus } from 'node:os';
import { nextRuns, parseSchedule } from '../core/index';

const after = Date.UTC(2026, 0, 1);
const until = Date.UTC(2027, 0, 1);
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
console.log('| schedule | runs in 2026 (America/New_York) | median ms | ms per 100 runs |');
console.log('|---|---:|---:|---:|');
for (const expression of ['cron(0 10 * * ? *)', 'cron(30 9 ? * MON *)', 'cron(0/15 * * * ? *)', 'cron(0 9 ? * 2#1 *)', 'cron(0 0 30 2 ? *)']) {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw new Error(`not a schedule: ${expression}`);
  const times: number[] = [];
  let runs = 0;
  for (let round = 0; round < 9; round += 1) {
    const started = performance.now();
    runs = nextRuns(parsed.schedule, { after, until, zone: 'America/New_York', count: 100_000 }).length;
    times.push(performance.now() - started);
  }
  const median = times.sort((left, right) => left - right)[4] ?? 0;
  console.log(`| \`${expression}\` | ${runs} | ${median.toFixed(2)} | ${runs === 0 ? '-' : ((median / runs) * 100).toFixed(3)} |`);
}
