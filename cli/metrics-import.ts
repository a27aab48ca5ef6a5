/*
 * `flywheel metrics import`: metrics files read by spec v1.1 (core/metrics/parse-csv.ts), checked
 * against the workspace, bad rows reported by file:line, good rows stored in the local store or
 * sent to a deployed stack's ingest function.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import {
  folderFileProvider, formatMetricValue, localize, metricsWorkspaceOf, parseMetricsCsv, readPlaybookFolder, text, TERMS, validateWorkspace,
  type Lang, type LocalizedText, type MetricPoint, type MetricsCsvReport, type MetricsWorkspace,
} from '../core/index';
import type { CloudIngestOptions } from './cloud-ingest';
import { openLocalStore } from './local-store';
import { paint, type CliIo } from './output';
import { displayPath } from './commands/shared';

const count = (amount: number) => formatMetricValue(amount, 'count');

/** The workspace a folder defines, to check rows against; undefined (and said) when it has no Workspace. */
function loadMetricsWorkspace(io: CliIo, dir: string, lang: Lang): MetricsWorkspace | undefined {
  const { model } = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const workspace = metricsWorkspaceOf(model);
  if (workspace === undefined) {
    io.err(localize(text(
      `${displayPath(io, dirname(dir), basename(dir))} holds no Workspace: metric and channel ids cannot be checked. Give --dir the playbooks folder.\n`,
      `${displayPath(io, dirname(dir), basename(dir))} 中没有 Workspace：无法检查指标和渠道 ID。请用 --dir 指定剧本目录。\n`,
    ), lang));
  }
  return workspace;
}

/** One file read and its bad rows printed. */
interface ReadFile extends MetricsCsvReport {
  readonly file: string;
  readonly full: string;
  readonly points: MetricPoint[];
  readonly lines: number[];
}

function readAndReport(io: CliIo, file: string, lang: Lang, workspace: MetricsWorkspace | undefined): ReadFile {
  const full = resolve(io.cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(full);
  } catch (error) {
    // A file that vanished or may not be read since the arguments were checked: a bad file, not a crash.
    const message = text(`The file cannot be read (${error instanceof Error ? error.message : String(error)}).`, `无法读取该文件（${error instanceof Error ? error.message : String(error)}）。`);
    reportRow(io, full, 1, message, lang);
    return { file, full, points: [], lines: [], encoding: 'utf-8', unknownPosts: [], unknownCampaigns: [], problems: [{ line: 1, message }] };
  }
  const read = parseMetricsCsv(bytes, workspace === undefined ? {} : { workspace });
  for (const problem of read.problems) reportRow(io, full, problem.line, problem.message, lang);
  return { file, full, ...read };
}

function reportRow(io: CliIo, full: string, line: number, message: LocalizedText, lang: Lang): void {
  io.err(`${displayPath(io, dirname(full), basename(full))}:${line}: ${paint(io, 'red', 'error')} ${localize(message, lang)}\n`);
}

/** `name (GB18030)` when the file was not UTF-8, so a person sees how it was read. */
function fileLabel(read: ReadFile): string {
  return read.encoding === 'utf-8' ? read.file : `${read.file} (${read.encoding.toUpperCase()})`;
}

/** The parts of a file's summary line, joined in the output language. */
function summarize(lang: Lang, read: ReadFile, parts: readonly (LocalizedText | false)[]): string {
  const kept = parts.filter((part): part is LocalizedText => part !== false);
  if (read.problems.length > 0) kept.push(text(`skipped ${count(read.problems.length)} bad row(s)`, `跳过 ${count(read.problems.length)} 行错误数据`));
  return lang === 'zh-CN' ? `${fileLabel(read)}：${kept.map((part) => part.zh).join('，')}。\n` : `${fileLabel(read)}: ${kept.map((part) => part.en).join(', ')}.\n`;
}

/** Lists, once for all files, the posts and campaigns kept although the playbooks do not define them. */
function listOutsiders(io: CliIo, reads: readonly ReadFile[], lang: Lang): void {
  const posts = [...new Set(reads.flatMap((read) => read.unknownPosts))].sort();
  const campaigns = [...new Set(reads.flatMap((read) => read.unknownCampaigns))].sort();
  for (const [ids, term] of [[campaigns, TERMS.campaign], [posts, TERMS.post]] as const) {
    if (ids.length === 0) continue;
    io.out(localize(text(
      `Kept rows of ${count(ids.length)} ${term.en}(s) the playbooks do not define: ${ids.join(', ')}.\n`,
      `已保留剧本中未定义的 ${count(ids.length)} 个${term.zh}的数据：${ids.join('、')}。\n`,
    ), lang));
  }
}

/** Imports the files into the local store of the workspace in `dir`; exit status 1 when a row was bad. */
export async function importIntoLocalStore(io: CliIo, files: readonly string[], lang: Lang, dir: string): Promise<number> {
  const workspace = loadMetricsWorkspace(io, dir, lang);
  if (workspace === undefined) return 1;
  const reads = files.map((file) => readAndReport(io, file, lang, workspace));
  const local = await openLocalStore(dir);
  try {
    for (const read of reads) {
      const { added, updated, present } = read.points.length > 0 ? await local.store.mergeMetricPoints(read.points) : { added: 0, updated: 0, present: 0 };
      io.out(summarize(lang, read, [
        text(`imported ${count(added)} point(s)`, `导入 ${count(added)} 个数据点`),
        updated > 0 && text(`updated ${count(updated)} with a new value`, `更新 ${count(updated)} 个数据点的数值`),
        present > 0 && text(`${count(present)} already present`, `${count(present)} 个已存在`),
      ]));
    }
  } finally {
    await local.close();
  }
  listOutsiders(io, reads, lang);
  return reads.some((read) => read.problems.length > 0) ? 1 : 0;
}

/** Sends the good rows of each file to the stack's ingest function; rows it refuses are reported by line too. */
export async function importIntoCloud(io: CliIo, files: readonly string[], lang: Lang, dir: string | undefined, target: Omit<CloudIngestOptions, 'fetch' | 'credentials'>): Promise<number> {
  // Loaded only here: the signer and the credential chain are not part of every command's start-up.
  const { CloudIngestError, sendToIngest } = await import('./cloud-ingest');
  const workspace = dir === undefined ? undefined : loadMetricsWorkspace(io, dir, lang);
  if (dir !== undefined && workspace === undefined) return 1;
  if (dir === undefined) {
    io.err(localize(text(
      'No playbooks folder here: metric and channel ids are not checked against a workspace (give --dir to check them).\n',
      '当前目录没有剧本目录：不会按工作区检查指标和渠道 ID（用 --dir 指定即可检查）。\n',
    ), lang));
  }
  let failed = false;
  const reads: ReadFile[] = [];
  for (const file of files) {
    const read = readAndReport(io, file, lang, workspace);
    failed ||= read.problems.length > 0;
    try {
      const sent = read.points.length > 0 ? await sendToIngest(read.points, target) : { received: 0, written: 0, refused: [] };
      for (const refusal of sent.refused) reportRow(io, read.full, read.lines[refusal.index] ?? 0, refusal.message, lang);
      failed ||= sent.refused.length > 0;
      io.out(summarize(lang, read, [
        text(`sent ${count(sent.received)} point(s) to the cloud, ${count(sent.written)} stored`, `已发送 ${count(sent.received)} 个数据点到云端，写入 ${count(sent.written)} 个`),
        sent.refused.length > 0 && text(`${count(sent.refused.length)} refused by the cloud`, `云端拒绝 ${count(sent.refused.length)} 个`),
      ]));
    } catch (error) {
      if (!(error instanceof CloudIngestError)) throw error;
      io.err(`${read.file}: ${paint(io, 'red', 'error')} ${error.message}\n`);
      return 1;
    }
    reads.push(read);
  }
  listOutsiders(io, reads, lang);
  return failed ? 1 : 0;
}
