// `npm run chaos`: the reliability harness of issue 4 §9. 10,000 scheduled posts go through the
// publish path (sync → tick → SQS-like queue → publish handler in worker processes → webhook
// connector → a local chaos platform) with duplicated deliveries, passing and permanent faults,
// unknown outcomes and a worker killed with SIGKILL mid-run; then every post is accounted for from
// the platform's record, the store and the dead-letter queue. Exits 1 on any duplicate, loss or
// unaccounted post. Flags: see bench/chaos/options.ts or `npm run chaos -- --help`.
import { cpus, loadavg, totalmem } from 'node:os';
import { parseChaosArgs } from './chaos/options';
import { formatReport } from './chaos/report';
import { passed, runChaos } from './chaos/run';

let options;
try {
  options = parseChaosArgs(process.argv.slice(2));
} catch (error) {
  // exitCode, not exit(): the message must be flushed to a pipe before the process ends.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
if (options) {
  console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version}, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const report = await runChaos(options, (line) => console.log(line));
  console.log(formatReport(report));
  process.exitCode = passed(report) ? 0 : 1;
}
