// In-process breakdown of `flywheel simulate` by phase, through the core and engine API, the way
// cli/commands/simulate.ts runs them: load + validate, compilePlan, read + indexMetricsCsv,
// build the index, simulate. Run by bench/simulate.mjs with tsx:
//   node --import tsx bench/simulate-phases.ts <dir> <csv> <from epoch ms> <to epoch ms>
// Prints one JSON line. The CSV is read straight into the index, as the CLI does (cli/metrics-indexing.ts; the CLI does it on a worker thread while it loads and compiles).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compilePlan, folderFileProvider, indexMetricsCsv, PointIndexBuilder, readPlaybookFolder, validateWorkspace } from '../core/index';
import { simulate } from '../functions/engine/index';

async function timed<T>(run: () => T | Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> =>
  items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

const [dir, csv, fromText, toText] = process.argv.slice(2);
if (!dir || !csv || !fromText || !toText) throw new Error('usage: node --import tsx bench/simulate-phases.ts <dir> <csv> <from ms> <to ms>');
const from = Number(fromText);
const to = Number(toText);

const started = performance.now();
const [validation, loadMs] = await timed(() => validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir)));
const errors = validation.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
if (errors > 0) throw new Error(`the workspace has ${errors} error(s)`);
const [plan, compileMs] = await timed(() => compilePlan(validation.model, folderFileProvider(dir)));
const builder = new PointIndexBuilder();
const [parsed, parseMs] = await timed(() => indexMetricsCsv(readFileSync(csv, 'utf8'), builder));
const [index, indexMs] = await timed(() => builder.build());
const [events, simulateMs] = await timed(() => simulate(validation.model, plan, { from, to, index }));
const totalMs = performance.now() - started;

// Event counting is kept out of the timed phases; the record by type is a memory-cheap summary.
const eventCounts: Record<string, number> = {};
for (const event of events) eventCounts[event.type] = (eventCounts[event.type] ?? 0) + 1;
console.log(JSON.stringify({
  loadMs, compileMs, parseMs, indexMs, simulateMs, totalMs,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  jobs: plan.jobs.length, jobsByKind: countBy(plan.jobs, (job) => job.kind),
  points: parsed.count, badRows: parsed.problems.length, events: events.length, eventCounts,
}));
