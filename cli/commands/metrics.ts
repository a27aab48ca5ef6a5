import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { localize, parseMetricsCsv, type Lang } from '../../core/index';
import { detectLang } from '../lang';
import { openLocalStore } from '../local-store';
import { paint, type CliIo } from '../output';
import { usageError } from '../usage';
import { displayPath, resolveFolder } from './shared';

const HELP = `Usage: flywheel metrics import <csv>... [--dir playbooks] [--lang en|zh-CN]
       flywheel metrics import <csv>... --to <ingest url> [--region <region>] [--profile <profile>]

Imports metric rows (time,metric,value[,channel,campaign,post,variant,content_type], time in
ISO 8601 with an offset) into the local store of the workspace (.flywheel/ inside --dir), or into
the store of a running \`flywheel run\`. With --to, sends them instead to a deployed stack's ingest
function (its IngestUrl output), signed with your AWS credentials (the caller needs
lambda:InvokeFunctionUrl). Importing the same rows again counts them once. Bad rows are reported
by line and skipped; good rows are kept. Exit status: 0 all rows imported, 1 some rows were bad or
the cloud refused them, 2 usage error.

用法: flywheel metrics import <csv>... [--dir playbooks]
      flywheel metrics import <csv>... --to <ingest 地址> [--region <区域>] [--profile <配置>]
导入指标数据到本地存储; 加 --to 则用 AWS 凭证签名后发送到云端 ingest 函数。
重复导入只计一次; 错误行按行号报告并跳过, 正确行保留。
`;

/** `flywheel metrics import`: metric rows into the local store, idempotently. */
export async function runMetrics(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: { dir: { type: 'string' }, lang: { type: 'string' }, to: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error), HELP);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [action, ...files] = positionals;
  if (action !== 'import') return usageError(io, action === undefined ? 'missing subcommand: import' : `unknown subcommand "${action}"`, HELP);
  if (files.length === 0) return usageError(io, 'give at least one CSV file / 请指定 CSV 文件', HELP);
  const lang = detectLang(values.lang);
  if (!lang) return usageError(io, `--lang must be en or zh-CN, not "${values.lang}"`, HELP);
  for (const file of files) if (!existsSync(resolve(io.cwd, file))) return usageError(io, `not found: ${file}`, HELP);
  if (values.to !== undefined) return sendToCloud(io, files, lang, { url: values.to, ...(values.region ? { region: values.region } : {}), ...(values.profile ? { profile: values.profile } : {}) });
  if (values.region !== undefined || values.profile !== undefined) return usageError(io, '--region and --profile go with --to <ingest url>', HELP);
  const folder = resolveFolder(io, values.dir);
  if ('error' in folder) return usageError(io, folder.error, HELP);

  const local = await openLocalStore(folder.dir);
  let bad = 0;
  try {
    for (const file of files) {
      const full = resolve(io.cwd, file);
      const { points, problems } = parseMetricsCsv(readFileSync(full, 'utf8'));
      for (const problem of problems) io.err(`${displayPath(io, io.cwd, full)}:${problem.line}: ${paint(io, 'red', 'error')} ${localize(problem.message, lang)}\n`);
      bad += problems.length;
      const stored = points.length > 0 ? await local.store.putMetricPoints(points) : 0;
      io.out(lang === 'zh-CN'
        ? `${file}: 导入 ${stored} 个数据点${problems.length > 0 ? `, 跳过 ${problems.length} 行错误数据` : ''}。\n`
        : `${file}: imported ${stored} point(s)${problems.length > 0 ? `, skipped ${problems.length} bad row(s)` : ''}.\n`);
    }
  } finally {
    await local.close();
  }
  return bad > 0 ? 1 : 0;
}

/** Reads the rows of each file, reports the bad ones, and sends the good ones to the stack's ingest function. */
async function sendToCloud(io: CliIo, files: readonly string[], lang: Lang, target: { url: string; region?: string; profile?: string }): Promise<number> {
  // Loaded only here: the signer and the credential chain are not part of every command's start-up.
  const { CloudIngestError, sendToIngest } = await import('../cloud-ingest');
  let bad = 0;
  for (const file of files) {
    const full = resolve(io.cwd, file);
    const { points, problems } = parseMetricsCsv(readFileSync(full, 'utf8'));
    for (const problem of problems) io.err(`${displayPath(io, io.cwd, full)}:${problem.line}: ${paint(io, 'red', 'error')} ${localize(problem.message, lang)}\n`);
    bad += problems.length;
    try {
      const { received, written } = points.length > 0 ? await sendToIngest(points, target) : { received: 0, written: 0 };
      io.out(lang === 'zh-CN'
        ? `${file}: 已发送 ${received} 个数据点到云端, 写入 ${written} 个${problems.length > 0 ? `, 跳过 ${problems.length} 行错误数据` : ''}。\n`
        : `${file}: sent ${received} point(s) to the cloud, ${written} stored${problems.length > 0 ? `, skipped ${problems.length} bad row(s)` : ''}.\n`);
    } catch (error) {
      if (!(error instanceof CloudIngestError)) throw error;
      io.err(`${file}: ${paint(io, 'red', 'error')} ${error.message}\n`);
      return 1;
    }
  }
  return bad > 0 ? 1 : 0;
}
