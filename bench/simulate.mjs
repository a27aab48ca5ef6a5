// `npm run bench:simulate`: the issue's target for `flywheel simulate`, "compile + simulate one
// year with 10,000 posts, 50 checks, 20 key results and 1,000,000 metric points in under 5 s".
// Generates the workspace and metrics (bench/generate-simulation.mjs), then measures
//   1. in process, per phase (bench/simulate-phases.ts through tsx): load + validate, compilePlan,
//      read + indexMetricsCsv (straight into the point index), build the index, simulate; peak RSS; number of events;
//   2. end to end, the built CLI as a child process:
//      node bin/flywheel.js simulate <dir> --from <from> --to <to> --metrics <csv>... --format json > /dev/null
//   3. with --profile, one CLI run under `node --cpu-prof`, summarised by bench/profile-summary.mjs.
//
// Options: --runs 3, --cli-runs 3, --from 2027-01-01 --to 2027-12-31 (dates in Asia/Shanghai),
//          --no-generate (reuse bench/out/simulate-10k), --no-phases, --no-cli, --profile, --top 15.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSimulation } from './generate-simulation.mjs';
import { summariseProfile } from './profile-summary.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TARGET_MS = 5000;
const TIME_BINARY = '/usr/bin/time';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'cli-runs': { type: 'string', default: '3' },
    from: { type: 'string', default: '2027-01-01' },
    to: { type: 'string', default: '2027-12-31' },
    top: { type: 'string', default: '15' },
    'no-generate': { type: 'boolean', default: false },
    'no-phases': { type: 'boolean', default: false },
    'no-cli': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const workspaceDir = join(ROOT, 'bench/out/simulate-10k');
const metricsDir = join(ROOT, 'bench/out/simulate-10k-metrics');
const workspaceArg = relative(ROOT, workspaceDir);
const csvArg = relative(ROOT, join(metricsDir, 'metrics.csv'));
// The workspace zone is Asia/Shanghai (UTC+8, no DST): --from at 00:00, --to through 23:59, as the CLI reads them.
const fromMs = Date.parse(`${values.from}T00:00:00+08:00`);
const toMs = Date.parse(`${values.to}T23:59:00+08:00`);

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  return { cpus: availableParallelism(), model, memoryGb: (totalmem() / 1024 ** 3).toFixed(1), node: process.version };
}
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;

/** Runs the CLI once as a child process: wall ms from spawn to exit, peak RSS, status, stderr. */
function measureCli(args) {
  const viaTime = existsSync(TIME_BINARY);
  const command = viaTime ? TIME_BINARY : process.execPath;
  const commandArgs = viaTime ? ['-f', 'flywheel-bench-max-rss-kb=%M', process.execPath, ...args] : ['--import', join(ROOT, 'bench/report-max-rss.mjs'), ...args];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, commandArgs, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rssMb = Number(/flywheel-bench-max-rss-kb=(\d+)/.exec(child.stderr ?? '')?.[1] ?? Number.NaN) / 1024;
  return { wallMs, rssMb, status: child.status, stderr: child.stderr ?? '' };
}

/** "core/x.ts:94 (anonymous)" → "core/x.ts:94 aggregateSeries": the function that encloses the line in the TS source. */
function nameAnonymous(label) {
  const match = /^((?:core|cli|functions)\/[^:]+\.ts):(\d+) \(anonymous\)$/.exec(label);
  if (!match || !existsSync(join(ROOT, match[1]))) return label;
  const lines = readFileSync(join(ROOT, match[1]), 'utf8').split('\n');
  for (let line = Number(match[2]) - 1; line >= 0; line -= 1) {
    const text = lines[line] ?? '';
    const found = /^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/.exec(text) ?? /^\s*(?:export\s+)?(?:const|let)\s+([\w$]+)\s*=\s*(?:async\s*)?\(/.exec(text)
      ?? /^\s*(?:(?:public|private|async|static)\s+)*([\w$]+)\s*\([^)]*\)\s*(?::[^{]+)?\{\s*$/.exec(text);
    if (found && !['if', 'for', 'while', 'switch', 'catch'].includes(found[1])) return `${match[1]}:${match[2]} (in ${found[1]})`;
  }
  return label;
}

function printProfile(file, top) {
  const { total, self, inclusive, areas } = summariseProfile(JSON.parse(readFileSync(file, 'utf8')));
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  const line = ([label, value]) => `  ${value.toFixed(0).padStart(7)} ms  ${((100 * value) / total).toFixed(1).padStart(5)}%  ${nameAnonymous(label)}`;
  console.log(`Profile: ${total.toFixed(0)} ms sampled (${relative(ROOT, file)})`);
  console.log('\nSelf time by package / folder:');
  for (const entry of sorted(areas).slice(0, 10)) console.log(line(entry));
  console.log(`\nTop ${top} functions by self time:`);
  for (const entry of sorted(self).slice(0, top)) console.log(line(entry));
  console.log(`\nTop ${top} Flywheel functions by inclusive time:`);
  for (const entry of sorted(inclusive).filter(([label]) => /^(core|cli)\//.test(label)).slice(0, top)) console.log(line(entry));
}

const info = machine();
console.log(`Machine: ${info.cpus} CPUs (nproc), ${info.model}, ${info.memoryGb} GB RAM, Node ${info.node}; load average ${load()}`);
console.log(`Bundle: dist/cli.js ${existsSync(join(ROOT, 'dist/cli.js')) ? 'present' : 'missing'} (build with npm run build; not rebuilt here)`);
if (!values['no-generate'] || !existsSync(join(metricsDir, 'metrics.csv'))) {
  const summary = generateSimulation({ out: workspaceDir });
  console.log(`Generated: ${summary.posts} posts in ${summary.yamlFiles} playbook files, ${summary.checks} checks ${JSON.stringify(summary.scheduleMix)}, ${summary.goals} goals / ${summary.keyResults} key results, ${summary.points} metric points (${csvArg}, also as ${summary.parts.length} files)`);
}
const partArgs = readdirSync(metricsDir).filter((name) => /^metrics-part-\d+\.csv$/.test(name)).sort().flatMap((name) => ['--metrics', relative(ROOT, join(metricsDir, name))]);
console.log(`Simulated period: ${values.from} 00:00 to ${values.to} 23:59 Asia/Shanghai (${((toMs - fromMs) / 86_400_000).toFixed(1)} days)\n`);

if (!values['no-phases']) {
  const passes = [];
  for (let run = 0; run < Number(values.runs); run += 1) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/simulate-phases.ts', workspaceArg, csvArg, String(fromMs), String(toMs)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`bench/simulate-phases.ts failed:\n${child.stderr}`);
    passes.push(JSON.parse(child.stdout.trim().split('\n').pop()));
    console.log(`phases run ${run + 1}: total ${ms(passes.at(-1).totalMs)} (load average ${load()})`);
  }
  const first = passes[0];
  console.log(`\nIn process (node --import tsx bench/simulate-phases.ts), ${passes.length} runs; ${first.jobs} jobs ${JSON.stringify(first.jobsByKind)}, ${first.points} points, ${first.events} events ${JSON.stringify(first.eventCounts)}`);
  console.log('| phase | min | median |');
  console.log('|---|---:|---:|');
  const phases = [
    ['load + validate (readPlaybookFolder, validateWorkspace)', 'loadMs'], ['compilePlan', 'compileMs'], ['read + indexMetricsCsv (1 file)', 'parseMs'],
    ['PointIndexBuilder.build', 'indexMs'], ['simulate', 'simulateMs'], ['total', 'totalMs'],
  ];
  for (const [label, key] of phases) console.log(`| ${label} | ${ms(Math.min(...passes.map((pass) => pass[key])))} | ${ms(median(passes.map((pass) => pass[key])))} |`);
  console.log(`Peak RSS (process.resourceUsage().maxRSS): max ${Math.max(...passes.map((pass) => pass.maxRssMb)).toFixed(0)} MB`);
  const compileAndSimulate = median(passes.map((pass) => pass.compileMs + pass.simulateMs));
  console.log(`compilePlan + simulate (median): ${ms(compileAndSimulate)}; target < ${TARGET_MS} ms: ${compileAndSimulate < TARGET_MS ? 'met' : 'MISSED'}\n`);
}

if (!values['no-cli']) {
  const single = measureCli(['bin/flywheel.js', 'simulate', workspaceArg, '--from', values.from, '--to', values.to, '--metrics', csvArg, '--format', 'json']);
  const crash = /RangeError[^\n]*/.exec(single.stderr)?.[0];
  console.log(`CLI with the single 1,000,000-row CSV: exit ${single.status} after ${ms(single.wallMs)}${crash ? `: ${crash}` : ''}`);
  const command = `node bin/flywheel.js simulate ${workspaceArg} --from ${values.from} --to ${values.to} --metrics <${partArgs.length / 2} part files> --format json > /dev/null`;
  const results = [];
  for (let run = 0; run < Number(values['cli-runs']); run += 1) {
    results.push(measureCli(['bin/flywheel.js', 'simulate', workspaceArg, '--from', values.from, '--to', values.to, ...partArgs, '--format', 'json']));
    const last = results.at(-1);
    if (last.status !== 0) throw new Error(`the CLI exited with ${last.status}:\n${last.stderr}`);
    console.log(`CLI run ${run + 1}: ${ms(last.wallMs)}, ${last.rssMb.toFixed(0)} MB (load average ${load()})`);
  }
  const walls = results.map((result) => result.wallMs);
  console.log(`\n| command | runs | wall min | wall median | peak RSS (max) |\n|---|---:|---:|---:|---:|`);
  console.log(`| \`${command}\` | ${results.length} | ${ms(Math.min(...walls))} | ${ms(median(walls))} | ${Math.max(...results.map((result) => result.rssMb)).toFixed(0)} MB |`);
  console.log(`End to end, target < ${TARGET_MS} ms: ${median(walls) < TARGET_MS ? 'met' : 'MISSED'} (median ${ms(median(walls))})\n`);
}

if (values.profile) {
  const profileDir = join(ROOT, 'bench/out/profiles');
  mkdirSync(profileDir, { recursive: true });
  const name = `simulate-${Date.now()}.cpuprofile`;
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', name, 'bin/flywheel.js', 'simulate', workspaceArg, '--from', values.from, '--to', values.to, ...partArgs, '--format', 'json'], { cwd: ROOT, stdio: 'ignore' });
  printProfile(join(profileDir, name), Number(values.top));
}
