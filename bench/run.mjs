// `npm run bench`: times the real CLI, `node bin/flywheel.js validate <dir>`, on a generated
// workspace of 10,000 posts in 50 campaign files, and reports wall time and peak memory of the
// child process against the targets (under 1 s including Node start-up, under 300 MB), then a
// phase breakdown measured in process through the core API.
//
// Options: --runs 5, --posts 10000, --campaigns 50, --no-generate (reuse bench/out),
//          --image-kb N --video-kb N (media files of real-world size; default: headers only),
//          --no-phases, --profile (also record a CPU profile of one CLI run and summarise it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateWorkspace } from './generate-workspace.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TARGET_WALL_MS = 1000;
const TARGET_RSS_MB = 300;
const TIME_BINARY = '/usr/bin/time';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    posts: { type: 'string', default: '10000' },
    campaigns: { type: 'string', default: '50' },
    'image-kb': { type: 'string', default: '0' },
    'video-kb': { type: 'string', default: '0' },
    'no-generate': { type: 'boolean', default: false },
    'no-phases': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const posts = Number(values.posts);
const mediaKb = { imageKb: Number(values['image-kb']), videoKb: Number(values['video-kb']) };
const mediaSuffix = mediaKb.imageKb + mediaKb.videoKb > 0 ? `-media${mediaKb.imageKb}k-${mediaKb.videoKb}k` : '';
const workspaceDir = join(ROOT, 'bench/out', `workspace-${posts >= 1000 ? `${posts / 1000}k` : posts}${mediaSuffix}`);
const workspaceArg = relative(ROOT, workspaceDir);

function newestSourceTime(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/cli.js when it is missing or older than core/ or cli/. */
function ensureBuilt() {
  const bundle = join(ROOT, 'dist/cli.js');
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newestSourceTime(join(ROOT, 'core')), newestSourceTime(join(ROOT, 'cli')));
  if (!stale) return 'up to date';
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  return 'rebuilt';
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  return { cpus: availableParallelism(), model, memoryGb: (totalmem() / 1024 ** 3).toFixed(1), node: process.version };
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

/** Runs one command as a child process; returns wall milliseconds, peak RSS in MB and the exit status. */
function measure(args) {
  const viaTime = existsSync(TIME_BINARY);
  const command = viaTime ? TIME_BINARY : process.execPath;
  const commandArgs = viaTime
    ? ['-f', 'flywheel-bench-max-rss-kb=%M', process.execPath, ...args]
    : ['--import', join(ROOT, 'bench/report-max-rss.mjs'), ...args];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, commandArgs, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rssKb = Number(/flywheel-bench-max-rss-kb=(\d+)/.exec(child.stderr ?? '')?.[1] ?? Number.NaN);
  return { wallMs, rssMb: rssKb / 1024, status: child.status, stderr: child.stderr, method: viaTime ? `${TIME_BINARY} -f %M` : 'process.resourceUsage().maxRSS at exit (--import bench/report-max-rss.mjs)' };
}

function runSeries(label, args, count) {
  const results = Array.from({ length: count }, () => measure(args));
  const failed = results.find((result) => result.status !== 0 && result.status !== 1);
  if (failed) throw new Error(`${label} exited with ${failed.status}:\n${failed.stderr}`);
  const walls = results.map((result) => result.wallMs);
  return {
    label, method: results[0]?.method, count, wallMin: Math.min(...walls), wallMedian: median(walls),
    rssMax: Math.max(...results.map((result) => result.rssMb)), status: results[0]?.status,
  };
}

const info = machine();
console.log(`Machine: ${info.cpus} CPUs (nproc), ${info.model}, ${info.memoryGb} GB RAM, Node ${info.node}`);
console.log(`Bundle: ${ensureBuilt()} (dist/cli.js)`);

if (!values['no-generate'] || !existsSync(workspaceDir)) {
  const summary = generateWorkspace({ out: workspaceDir, posts, campaigns: Number(values.campaigns), ...mediaKb });
  console.log(`Workspace: ${summary.posts} posts in ${summary.yamlFiles} playbook files, ${(summary.yamlBytes / 1024 / 1024).toFixed(1)} MB of YAML, ${summary.files} files (${(summary.allBytes / 1024 / 1024).toFixed(0)} MB) in all (${workspaceArg})`);
}

const check = spawnSync(process.execPath, ['bin/flywheel.js', 'validate', workspaceArg, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const diagnostics = JSON.parse(check.stdout || '{"diagnostics":[]}').diagnostics;
const byCode = Object.entries(diagnostics.reduce((counts, { code }) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {}));
console.log(`Diagnostics on the generated workspace: ${diagnostics.length}${byCode.length ? ` (${byCode.map(([code, count]) => `${code} ×${count}`).join(', ')})` : ''}; exit status ${check.status}`);

const command = `node bin/flywheel.js validate ${workspaceArg}`;
const startup = runSeries('node start-up + bundle load (flywheel --version)', ['bin/flywheel.js', '--version'], runs);
const validate = runSeries(command, ['bin/flywheel.js', 'validate', workspaceArg], runs);

console.log(`\nPeak memory measured with: ${validate.method}`);
console.log(`| command | runs | wall min | wall median | peak RSS (max) |`);
console.log(`|---|---:|---:|---:|---:|`);
for (const series of [startup, validate]) {
  console.log(`| \`${series.label}\` | ${series.count} | ${series.wallMin.toFixed(0)} ms | ${series.wallMedian.toFixed(0)} ms | ${series.rssMax.toFixed(0)} MB |`);
}
const wallOk = validate.wallMedian < TARGET_WALL_MS;
const rssOk = validate.rssMax < TARGET_RSS_MB;
console.log(`\nTarget wall time < ${TARGET_WALL_MS} ms: ${wallOk ? 'met' : 'MISSED'} (median ${validate.wallMedian.toFixed(0)} ms)`);
console.log(`Target peak memory < ${TARGET_RSS_MB} MB: ${rssOk ? 'met' : 'MISSED'} (max ${validate.rssMax.toFixed(0)} MB)`);

if (!values['no-phases']) {
  console.log('');
  const phases = spawnSync(process.execPath, ['--import', 'tsx', 'bench/phases.ts', workspaceArg], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  process.stdout.write(phases.status === 0 ? phases.stdout : `Phase breakdown failed:\n${phases.stderr}\n`);
}

if (values.profile) {
  const profileDir = join(ROOT, 'bench/out/profiles');
  mkdirSync(profileDir, { recursive: true });
  const name = `validate-${Date.now()}.cpuprofile`;
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', name, 'bin/flywheel.js', 'validate', workspaceArg], { cwd: ROOT, stdio: 'ignore' });
  console.log(`\nCPU profile: ${relative(ROOT, join(profileDir, name))}`);
  const summary = spawnSync(process.execPath, ['bench/profile-summary.mjs', join(profileDir, name), '--top', '15'], { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(summary.stdout || summary.stderr);
}

