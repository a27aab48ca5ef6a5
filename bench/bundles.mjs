// Lambda bundle benchmark: synthesizes the CDK app (real esbuild bundling, offline, no
// credentials), then for each Flywheel function in the template reports the size of its code
// asset and the cold-load time of its handler module: a fresh `node` per run imports the
// bundled index.mjs with the environment the template gives the function (tokens replaced by
// local stand-ins), so module-scope work (env check, SDK clients, reading the deployment
// bundle) is included. Median of --runs runs. Targets (issue 4): ≤ 1 MB, ≤ 150 ms.
// The runs go round-robin over the functions (and over --baseline's, when given), so a change of
// load on a shared machine touches every row alike and a before/after comparison stays fair.
//
// Usage: npm run bench:bundles [-- --runs 7] [--out bench/out/cdk.out] [--no-synth] [--playbooks playbooks]
//          [--baseline <another synthesized cdk.out>]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 1024 * 1024;
const MAX_COLD_MS = 150;

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(ROOT, 'bench/out/cdk.out') },
    playbooks: { type: 'string', default: 'playbooks' },
    runs: { type: 'string', default: '7' },
    'no-synth': { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const outdir = resolve(values.out);
const runs = Number(values.runs);

/** Synthesizes with no AWS credentials in reach, as CI would. */
function synth() {
  rmSync(outdir, { recursive: true, force: true });
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_SESSION_TOKEN: '' };
  const started = process.hrtime.bigint();
  execFileSync('npx', ['cdk', 'synth', '-c', `playbooks=${values.playbooks}`, '-o', outdir, '-q'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Stand-ins for the template's tokens: the handlers only check that the values are well formed. */
function localValue(name, value, assetDir) {
  if (typeof value === 'string') return name === 'FLYWHEEL_BUNDLE_FILE' ? join(assetDir, 'flywheel-bundle.json') : value;
  if (name.endsWith('_QUEUE_URL') || name.endsWith('_DLQ_URL')) return `https://sqs.us-east-1.amazonaws.com/000000000000/${name.toLowerCase()}`;
  return `flywheel-bench-${name.toLowerCase()}`;
}

/** The Flywheel functions of the template: name, asset folder, environment. */
function functionsOf(outdir) {
  const templateFile = join(outdir, 'Flywheel.template.json');
  if (!existsSync(templateFile)) throw new Error(`${templateFile} is missing: run without --no-synth first.`);
  const template = JSON.parse(readFileSync(templateFile, 'utf8'));
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Handler === 'index.handler')
    .map((resource) => {
      const name = resource.Metadata['aws:cdk:path'].split('/')[1].toLowerCase();
      const assetDir = join(outdir, resource.Metadata['aws:asset:path']);
      const variables = resource.Properties.Environment?.Variables ?? {};
      const env = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, localValue(key, value, assetDir)]));
      return { name, assetDir, env };
    });
}

function sizes(assetDir) {
  const files = readdirSync(assetDir).filter((file) => statSync(join(assetDir, file)).isFile());
  const bytes = (file) => (files.includes(file) ? statSync(join(assetDir, file)).size : 0);
  const total = files.reduce((sum, file) => sum + bytes(file), 0);
  // What the deployment zip holds, approximately: each file deflated (zip's method 8).
  const zipped = files.reduce((sum, file) => sum + deflateRawSync(readFileSync(join(assetDir, file))).length, 0);
  return { code: bytes('index.mjs'), map: bytes('index.mjs.map'), plan: bytes('flywheel-bundle.json'), total, zipped };
}

/**
 * One cold load in a fresh process: wall time from before the import to after it, measured
 * inside, and the CPU time the process spent meanwhile (steadier than wall time when other work
 * shares the machine).
 */
function coldLoad(fn) {
  const script = `const started = performance.now(); const cpu = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(join(fn.assetDir, 'index.mjs')).href)}); const used = process.cpuUsage(cpu); process.stdout.write(JSON.stringify({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 }));`;
  const env = {
    PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x',
    AWS_LAMBDA_FUNCTION_NAME: `flywheel-${fn.name}`, ...fn.env,
  };
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${fn.name}: the bundle failed to load:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

const synthMs = values['no-synth'] ? undefined : synth();
// The machine may be shared: its load before measuring says how far to trust the times.
const loadBefore = loadavg()[0];
const measured = [{ label: 'this build', fns: functionsOf(outdir) }];
if (values.baseline) measured.push({ label: `baseline ${values.baseline}`, fns: functionsOf(resolve(values.baseline)) });
const loads = new Map(measured.flatMap(({ fns }) => fns.map((fn) => [fn, []])));
for (let run = 0; run < runs; run += 1) for (const { fns } of measured) for (const fn of fns) loads.get(fn).push(coldLoad(fn));
const rowsOf = (fns) => fns.map((fn) => {
  const walls = loads.get(fn).map((load) => load.wall);
  const cpus = loads.get(fn).map((load) => load.cpu);
  return { name: fn.name, ...sizes(fn.assetDir), coldMs: median(walls), minMs: Math.min(...walls), maxMs: Math.max(...walls), cpuMs: median(cpus), cpuMinMs: Math.min(...cpus) };
});

console.log(`# Lambda bundles (${new Date().toISOString()}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)})`);
if (synthMs !== undefined) console.log(`npx cdk synth -c playbooks=${values.playbooks}: ${(synthMs / 1000).toFixed(1)} s`);
for (const { label, fns } of [...measured].reverse()) {
  console.log(`\n${label}:\n\n| function | index.mjs | source map | deployment bundle | asset total | zipped ≈ | cold load median (min-max, ${runs} runs) | CPU time median (min) |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rowsOf(fns)) {
    console.log(`| ${row.name} | ${kb(row.code)} | ${kb(row.map)} | ${kb(row.plan)} | ${kb(row.total)} | ${kb(row.zipped)} | ${row.coldMs.toFixed(0)} ms (${row.minMs.toFixed(0)}-${row.maxMs.toFixed(0)}) | ${row.cpuMs.toFixed(0)} ms (${row.cpuMinMs.toFixed(0)}) |`);
  }
}
const rows = rowsOf(measured[0].fns);
// The budget is for the code esbuild produced; the deployment bundle is data whose size follows the playbooks.
const tooBig = rows.filter((row) => row.code > MAX_BYTES);
const tooSlow = rows.filter((row) => row.coldMs > MAX_COLD_MS);
console.log(`\nBundled code (index.mjs) ≤ 1 MB: ${tooBig.length === 0 ? 'yes' : `no (${tooBig.map((row) => row.name).join(', ')})`}; cold load ≤ ${MAX_COLD_MS} ms: ${tooSlow.length === 0 ? 'yes' : `no (${tooSlow.map((row) => row.name).join(', ')})`}.`);
process.exitCode = tooBig.length + tooSlow.length === 0 ? 0 : 1;
