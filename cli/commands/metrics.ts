import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectLang } from '../lang';
import type { CliIo } from '../output';
import { usageError } from '../usage';
import { resolveFolder } from './shared';

const HELP = `Usage: flywheel metrics import <csv>... [--dir playbooks] [--lang en|zh-CN]
       flywheel metrics import <csv>... --to <ingest url> [--dir playbooks] [--region <region>] [--profile <profile>]
       flywheel metrics export [--dir playbooks] [--metric <id>] [--from <date>] [--to <date>] [--lang en|zh-CN]

import  Reads metrics CSV files: a header row names the columns, in any order (time, metric and
        value required; channel, campaign, post, variant, content_type optional); time is ISO 8601
        with an offset; UTF-8 (with or without a BOM) or GB18030/GBK as Excel in China saves it.
        Each row is checked against the workspace in --dir: a metric or channel it does not
        define, a value the store cannot hold exactly (such as 1e308) or outside the metric's
        sense (a negative count, a ratio above 1) is reported by file:line and skipped; good rows
        are kept. Posts and campaigns the playbooks do not define are kept and listed once. Rows
        already stored are counted as already present. The rows go into the local store
        (.flywheel/ inside --dir, or the store of a running \`flywheel run\`); with --to, to a
        deployed stack's ingest function (its IngestUrl output), signed with your AWS credentials
        (the caller needs lambda:InvokeFunctionUrl).
export  Writes the local store's points as CSV on stdout, header
        time,metric,value,channel,campaign,post,variant,content_type, times in the workspace's
        zone with its offset; \`metrics import\` reads it back to the same points. --metric: one
        metric only; --from/--to: YYYY-MM-DD (whole days in the workspace's zone) or an ISO 8601
        instant with an offset.
Exit status: 0 done; 1 some rows were bad or refused; 2 usage error.

用法：flywheel metrics import <csv>... [--dir playbooks] [--lang en|zh-CN]
      flywheel metrics import <csv>... --to <ingest 地址> [--dir playbooks] [--region <区域>] [--profile <配置>]
      flywheel metrics export [--dir playbooks] [--metric <指标 ID>] [--from <日期>] [--to <日期>]
import  导入指标 CSV：第一行是列名表头，列的顺序不限（time、metric、value 必填；channel、campaign、
        post、variant、content_type 可选）；时间为带时区偏移的 ISO 8601；编码为 UTF-8（有无 BOM
        均可）或 GB18030/GBK（国内 Excel 默认的保存编码）。每行按 --dir 中的工作区检查：未定义的
        指标或渠道、存储无法精确保存的数值（如 1e308）、不符合指标含义的数值（负的计数、大于 1 的
        比率）按“文件:行号”报告并跳过，正确的行照常导入。剧本中未定义的内容和营销活动会保留，并在
        汇总中列出一次。已存储的行计为“已存在”。数据写入本地存储（--dir 中的 .flywheel/，或正在运行的
        \`flywheel run\` 的存储）；加 --to 则用 AWS 凭证签名后发送到云端 ingest 函数（需要
        lambda:InvokeFunctionUrl 权限）。
export  把本地存储中的数据点以 CSV 输出到标准输出，表头为
        time,metric,value,channel,campaign,post,variant,content_type，时间按工作区时区带偏移书写；
        \`metrics import\` 读回后得到相同的数据点。--metric：只导出一个指标；--from/--to：
        YYYY-MM-DD（工作区时区的整天）或带时区偏移的 ISO 8601 时刻。
退出码：0 完成；1 有错误行或被拒绝的行；2 用法错误。
`;

/** `flywheel metrics import` and `flywheel metrics export`: metric points into and out of the store. */
export async function runMetrics(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        dir: { type: 'string' }, lang: { type: 'string' }, to: { type: 'string' }, from: { type: 'string' }, metric: { type: 'string' },
        region: { type: 'string' }, profile: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
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
  if (action !== 'import' && action !== 'export') return usageError(io, action === undefined ? 'missing subcommand: import or export / 缺少子命令：import 或 export' : `unknown subcommand "${action}"`, HELP);
  const lang = detectLang(values.lang);
  if (!lang) return usageError(io, `--lang must be en or zh-CN, not "${values.lang}"`, HELP);

  if (action === 'export') {
    if (files.length > 0) return usageError(io, `export writes to stdout and takes no files (got ${files.join(' ')}); redirect it: flywheel metrics export > points.csv / export 输出到标准输出，不接受文件参数`, HELP);
    if (values.region !== undefined || values.profile !== undefined) return usageError(io, '--region and --profile go with metrics import --to <ingest url>', HELP);
    const folder = resolveFolder(io, values.dir);
    if ('error' in folder) return usageError(io, folder.error, HELP);
    const { exportFromLocalStore } = await import('../metrics-export');
    return exportFromLocalStore(io, folder.dir, lang, { ...(values.metric ? { metric: values.metric } : {}), ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) }, HELP);
  }

  if (values.from !== undefined || values.metric !== undefined) return usageError(io, '--from and --metric go with metrics export', HELP);
  if (files.length === 0) return usageError(io, 'give at least one CSV file / 请指定 CSV 文件', HELP);
  for (const file of files) {
    const full = resolve(io.cwd, file);
    if (!existsSync(full) || !statSync(full).isFile()) return usageError(io, `not found: ${file} / 找不到文件`, HELP);
  }
  const { importIntoCloud, importIntoLocalStore } = await import('../metrics-import');
  if (values.to !== undefined) {
    // The workspace checks the rows when there is one; the cloud path also works from a folder of CSV files alone.
    const folder = values.dir === undefined && !existsSync(resolve(io.cwd, 'playbooks')) ? undefined : resolveFolder(io, values.dir);
    if (folder !== undefined && 'error' in folder) return usageError(io, folder.error, HELP);
    return importIntoCloud(io, files, lang, folder?.dir, { url: values.to, ...(values.region ? { region: values.region } : {}), ...(values.profile ? { profile: values.profile } : {}) });
  }
  if (values.region !== undefined || values.profile !== undefined) return usageError(io, '--region and --profile go with --to <ingest url>', HELP);
  const folder = resolveFolder(io, values.dir);
  if ('error' in folder) return usageError(io, folder.error, HELP);
  return importIntoLocalStore(io, files, lang, folder.dir);
}
