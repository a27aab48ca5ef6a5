/*
 * Language server benchmark: Flywheel's server against yaml-language-server (npm, with our
 * generated JSON Schema), both driven over stdio by the same client in one run.
 *
 * - edit → diagnostics: a 5,000-line campaign file is open; each edit (an incremental change of
 *   one title) is timed from sending didChange to the next publishDiagnostics for the file. Two
 *   series: edits that keep the file clean, and edits that introduce a schema error (a misspelt
 *   key) which both servers must report. Edits are 150 ms apart, like brisk typing.
 * - spawn → first diagnostics: a fresh process on a folder with a 2,000-line campaign file; from
 *   spawn to the first publishDiagnostics for the opened file.
 *
 * - the realistic case (issue 15): a workspace of 10,000 posts in twelve campaign files (WeChat
 *   articles with covers, Xiaohongshu notes with images, community posts; bench/generate-workspace.mjs),
 *   one of them 5,000 lines: edits in that file, and spawn → first diagnostics with that file open.
 *
 * yaml-language-server waits 200 ms (its validationDelayMs) before validating: that is part of
 * what a user waits for, so it is part of its numbers here.
 *
 * Usage: npm run bench:lsp [-- --edits 21 --spawns 5 --rounds 3]
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateWorkspace } from './generate-workspace.mjs';
import {
  createMessageConnection, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type ConfigurationItem, type MessageConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out', 'lsp');
const SCHEMA = join(ROOT, 'playbooks', 'flywheel.schema.json');
const OUR_SERVER = join(ROOT, 'extension', 'dist', 'server.js');
const YAML_LS = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

const { values: options } = parseArgs({ options: { edits: { type: 'string', default: '21' }, spawns: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } } });
const EDITS = Number(options.edits);
const SPAWNS = Number(options.spawns);
// The servers take turns, round after round, so both meet the same moments of a shared machine.
const ROUNDS = Number(options.rounds);
const EDIT_GAP_MS = 150;

const WORKSPACE_YAML = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: bench-lsp }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: weibo-main, platform: weibo }
    - { id: zhihu-main, platform: zhihu }
  people:
    - { id: alice, name: 张三 }
    - { id: bob, name: 李四 }
`;

/** A clean campaign of `lines` lines: 8-line posts with Chinese titles and bodies, approvals and two channels. */
function campaignYaml(name: string, lines: number): string {
  const out = [
    'apiVersion: flywheel/v1', 'kind: Campaign', `metadata: { name: ${name} }`, 'spec:',
    '  window: { start: 2027-01-01, end: 2027-12-31 }', '  owner: alice', '  review: required', '  posts:',
  ];
  for (let index = 0; out.length + 8 <= lines; index += 1) {
    const day = String((index % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(index / 28) % 12) + 1).padStart(2, '0');
    out.push(
      `    - id: post-${index}`,
      `      at: 2027-${month}-${day} ${String(8 + (index % 12)).padStart(2, '0')}:00`,
      `      channels: [${index % 2 === 1 ? 'weibo-main' : 'zhihu-main'}]`,
      `      title: 冬日小记第 ${index} 篇`,
      '      body: 今天分享三种热饮, 评论区说说你最喜欢哪一种。',
      `      approvedBy: [${index % 3 === 0 ? 'alice' : 'bob'}]`,
      `      contentType: ${index % 4 === 0 ? 'video' : 'article'}`,
      '',
    );
  }
  while (out.length < lines) out.push('');
  return `${out.join('\n')}\n`;
}

interface Folder {
  readonly dir: string;
  readonly file: string;
  readonly text: string;
}

/** The realistic workspace: 10,000 posts in twelve campaign files, the last one about 5,000 lines (632 posts). */
function writeRealistic(): Folder {
  const dir = join(OUT, 'realistic-10k');
  const counts = [...Array.from({ length: 11 }, (_, index) => (index < (10_000 - 632) % 11 ? 852 : 851)), 632];
  generateWorkspace({ out: dir, counts });
  const file = join(dir, 'campaigns', 'campaign-012.yaml');
  return { dir, file, text: readFileSync(file, 'utf8') };
}

function writeFolder(name: string, lines: number): Folder {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'campaigns'), { recursive: true });
  writeFileSync(join(dir, 'workspace.yaml'), WORKSPACE_YAML);
  const text = campaignYaml(`big-${lines}`, lines);
  const file = join(dir, 'campaigns', `big-${lines}.yaml`);
  writeFileSync(file, text);
  return { dir, file, text };
}

interface Subject {
  readonly name: string;
  readonly args: readonly string[];
}

const SUBJECTS: readonly Subject[] = [
  { name: 'flywheel', args: [OUR_SERVER, '--stdio'] },
  { name: 'yaml-language-server 1.25.0', args: [YAML_LS, '--stdio'] },
];

/** The settings yaml-language-server pulls: our schema for every YAML file, no SchemaStore downloads. */
function settingsFor(section: string | undefined): unknown {
  if (section === 'yaml') {
    return {
      validate: true, hover: true, completion: true, format: { enable: false },
      schemas: { [pathToFileURL(SCHEMA).toString()]: ['*.yaml', '**/*.yaml'] },
      schemaStore: { enable: false },
    };
  }
  return {};
}

interface Session {
  readonly connection: MessageConnection;
  next(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

async function launch(subject: Subject, dir: string): Promise<Session> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...subject.args], { cwd: dir });
  child.stderr.resume();
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiting: { uri: string; accept: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void } | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (waiting && waiting.uri === params.uri && waiting.accept(params)) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(params);
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: ConfigurationItem[] }) => params.items.map((item) => settingsFor(item.section)));
  // Registrations, progress tokens, log messages and the like: accept them.
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const rootUri = pathToFileURL(dir).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { yaml: settingsFor('yaml') } });
  return {
    connection,
    next: (uri, accept = () => true) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${subject.name}: no diagnostics for ${uri} within 30 s`)), 30_000);
      waiting = { uri, accept, resolve: (params) => { clearTimeout(timer); resolve(params); } };
    }),
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendNotification(ExitNotification.type);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      child.kill();
      connection.dispose();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const hasError = (params: PublishDiagnosticsParams) => params.diagnostics.some((diagnostic) => diagnostic.severity === 1);

/** Spawn → first diagnostics for the opened 2,000-line file, `SPAWNS` fresh processes. */
async function measureSpawn(subject: Subject, folder: Folder): Promise<number[]> {
  const times: number[] = [];
  const uri = pathToFileURL(folder.file).toString();
  for (let run = 0; run < SPAWNS; run += 1) {
    const started = performance.now();
    const session = await launch(subject, folder.dir);
    const first = session.next(uri);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: folder.text } });
    const params = await first;
    times.push(performance.now() - started);
    if (params.diagnostics.length > 0) throw new Error(`${subject.name}: the opened file should be clean, got ${JSON.stringify(params.diagnostics[0])}`);
    await session.stop();
  }
  return times;
}

/** Edit → diagnostics on the open 5,000-line file: clean edits, then edits that add a schema error. */
async function measureEdits(subject: Subject, folder: Folder): Promise<{ clean: number[]; error: number[] }> {
  const uri = pathToFileURL(folder.file).toString();
  const session = await launch(subject, folder.dir);
  const opened = session.next(uri);
  await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: folder.text } });
  await opened;
  await sleep(300);
  const lines = folder.text.split('\n');
  // The title of a post in the middle of the file.
  const titleLine = lines.findIndex((line, index) => index >= lines.length / 2 && line.startsWith('      title: '));
  let title = lines[titleLine] as string;
  let version = 1;
  const edit = async (newLine: string, accept: (params: PublishDiagnosticsParams) => boolean): Promise<number> => {
    const range = { start: { line: titleLine, character: 0 }, end: { line: titleLine, character: title.length } };
    title = newLine;
    version += 1;
    const published = session.next(uri, accept);
    const started = performance.now();
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: newLine }] });
    await published;
    const elapsed = performance.now() - started;
    await sleep(EDIT_GAP_MS);
    return elapsed;
  };
  const clean: number[] = [];
  // Short titles: within every platform's limit (Xiaohongshu: 20).
  for (let index = 0; index < EDITS; index += 1) clean.push(await edit(`      title: 冬日小记 ${index} 修订`, (params) => !hasError(params)));
  const error: number[] = [];
  for (let index = 0; index < EDITS; index += 1) {
    // `titel` is not a post key: a schema error both servers report (ours: flywheel/unknown-field).
    error.push(await edit(`      titel: 冬日小记 ${index}`, hasError));
    await edit(`      title: 冬日小记 ${index}`, (params) => !hasError(params));
  }
  await session.stop();
  return { clean, error };
}

/** Newest modification time of the TypeScript files under a folder. */
function newestSource(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((newest, entry) => {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) return Math.max(newest, newestSource(full));
    return entry.name.endsWith('.ts') ? Math.max(newest, statSync(full).mtimeMs) : newest;
  }, 0);
}

/** Rebuilds the bundle when the server or core changed since it was built: the benchmark measures what editors run. */
function ensureServerBuilt(): void {
  const sources = Math.max(newestSource(join(ROOT, 'extension', 'server')), newestSource(join(ROOT, 'core')));
  if (!existsSync(OUR_SERVER) || statSync(OUR_SERVER).mtimeMs < sources) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

ensureServerBuilt();
const big = writeFolder('edit-5000', 5000);
const small = writeFolder('spawn-2000', 2000);
const realistic = writeRealistic();
const lineCount = (folder: Folder) => folder.text.split('\n').length - 1;
process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
process.stdout.write(`files: ${lineCount(big)} lines (${(big.text.length / 1024).toFixed(0)} KB) and ${lineCount(small)} lines; realistic: 10,000 posts, edited file ${lineCount(realistic)} lines; per round ${EDITS} edits per series and ${SPAWNS} spawns per server; ${ROUNDS} rounds\n\n`);

/** The two cases: the light synthetic files, and the realistic 10,000-post workspace. */
const CASES = [
  { name: 'synthetic', edits: big, spawn: small, spawnLabel: '2,000 lines' },
  { name: 'realistic 10,000 posts', edits: realistic, spawn: realistic, spawnLabel: 'open 5,000-line file of 10,000 posts' },
] as const;
interface Series { clean: number[]; error: number[]; spawn: number[] }
const samples = new Map(CASES.flatMap((bench) => SUBJECTS.map((subject): [string, Series] => [`${bench.name}|${subject.name}`, { clean: [], error: [], spawn: [] }])));
const show = (values: number[]) => values.map((value) => value.toFixed(0)).join(' ');
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const bench of CASES) {
    for (const subject of SUBJECTS) {
      const into = samples.get(`${bench.name}|${subject.name}`) as Series;
      const edits = await measureEdits(subject, bench.edits);
      const spawns = await measureSpawn(subject, bench.spawn);
      into.clean.push(...edits.clean);
      into.error.push(...edits.error);
      into.spawn.push(...spawns);
      process.stdout.write(`round ${round} ${bench.name} ${subject.name} (load ${loadavg()[0]?.toFixed(1)})\n  edit→diagnostics clean: ${show(edits.clean)}\n  edit→diagnostics error: ${show(edits.error)}\n  spawn→first diagnostics: ${show(spawns)}\n`);
    }
  }
}
process.stdout.write(`\nload average after: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
for (const bench of CASES) {
  const results = new Map(SUBJECTS.map((subject) => {
    const values = samples.get(`${bench.name}|${subject.name}`) as Series;
    return [subject.name, { clean: median(values.clean), error: median(values.error), spawn: median(values.spawn) }];
  }));
  const rows = [...results].map(([name, summary]) => `| ${name} | ${summary.clean.toFixed(1)} ms | ${summary.error.toFixed(1)} ms | ${summary.spawn.toFixed(0)} ms |`);
  process.stdout.write(`\n${bench.name}\n| server | edit → diagnostics, median (clean edit) | edit → diagnostics, median (edit adding an error) | spawn → first diagnostics, median (${bench.spawnLabel}) |\n|---|---:|---:|---:|\n${rows.join('\n')}\n`);
  const ours = results.get('flywheel');
  const theirs = results.get('yaml-language-server 1.25.0');
  if (ours && theirs) {
    process.stdout.write(`flywheel is ${(theirs.clean / ours.clean).toFixed(1)}× faster on clean edits, ${(theirs.error / ours.error).toFixed(1)}× on error edits, ${(theirs.spawn / ours.spawn).toFixed(1)}× to first diagnostics\n`);
    const spawnGoal = bench.edits === realistic ? 1_000 : 300;
    const met = ours.clean <= 50 && ours.error <= 50 && theirs.clean / ours.clean >= 5 && theirs.error / ours.error >= 5 && ours.spawn <= spawnGoal && theirs.spawn / ours.spawn >= 3;
    process.stdout.write(`goals (≤ 50 ms and ≥ 5× on edits, ≤ ${spawnGoal} ms and ≥ 3× to first diagnostics): ${met ? 'met' : 'NOT met'}\n`);
  }
}
