import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { compilePlan, createNameBook, folderFileProvider } from '../../core/index';
import { serializeEvents, simulate } from '../../functions/engine/index';
import type { CliIo } from '../output';
import { usageError } from '../usage';
import { startIndexingMetricFiles } from '../metrics-indexing';
import { loadValidWorkspace, parseWorkspaceArgs, readInstantArg, reportMetricProblems, workspaceMetricFiles } from './shared';
import { describeEvent } from './timeline';

const HELP = `Usage: flywheel simulate [dir=playbooks] --from <date|instant> --to <date|instant>
                         [--metrics <csv>]... [--format text|json] [--lang en|zh-CN]

Runs the plan on a virtual clock through the same handlers as the local runner and the cloud:
publishes (review gating), reminders, checks, goal tracking, SOP steps and A/B verdicts.
The timeline is in --lang; notifications in the workspace's language (spec.language, default
zh-CN), exactly as they are sent to the team's chats.
Dates (YYYY-MM-DD) are read in the workspace time zone: --from at 00:00, --to through 23:59.
Metrics: every CSV given with --metrics (time,metric,value[,channel,campaign,post,variant,content_type]);
without --metrics, the CSV files in <dir>/metrics/. All rows load first; an evaluation at t sees
the points with time <= t.

用法：flywheel simulate [目录] --from <日期|时刻> --to <日期|时刻> [--metrics <csv>] [--format text|json] [--lang en|zh-CN]
在虚拟时钟上运行计划，与本地运行和云端使用相同的处理程序。
时间线使用 --lang 的语言；通知正文使用工作区的 language（默认 zh-CN），与发到群里的一致。
`;

/** `flywheel simulate`: a preview of what the playbooks will do over a period. */
export async function runSimulate(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { from: { type: 'string' }, to: { type: 'string' }, metrics: { type: 'string', multiple: true } });
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const values = args.options as { from?: string; to?: string; metrics?: string[] };
  const zh = lang === 'zh-CN';
  if (!values.from || !values.to) return usageError(io, zh ? '需要 --from 和 --to' : '--from and --to are required', HELP);
  const files = values.metrics && values.metrics.length > 0 ? values.metrics.map((file) => resolve(io.cwd, file)) : workspaceMetricFiles(dir);
  const missing = files.find((file) => !existsSync(file));
  // The metrics are read on another thread while the playbooks load and compile.
  const metrics = missing ? undefined : startIndexingMetricFiles(files);
  const stopped = (status: number) => {
    metrics?.cancel();
    return status;
  };
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return stopped(1);
  const plan = compilePlan(result.model, folderFileProvider(dir));
  const from = readInstantArg(values.from, plan.timezone, false);
  const to = readInstantArg(values.to, plan.timezone, true);
  const badInstant = (flag: string, value: string) => (zh
    ? `${flag} "${value}" 既不是 YYYY-MM-DD 日期，也不是带时区偏移的 ISO 8601 时刻（例如 2026-09-10 或 2026-09-10T20:00+08:00）`
    : `${flag} "${value}" is not YYYY-MM-DD or an ISO 8601 instant with an offset (e.g. 2026-09-10 or 2026-09-10T20:00+08:00)`);
  if (from === undefined) return stopped(usageError(io, badInstant('--from', values.from), HELP));
  if (to === undefined) return stopped(usageError(io, badInstant('--to', values.to), HELP));
  if (to < from) return stopped(usageError(io, zh ? '--to 早于 --from' : '--to is before --from', HELP));
  if (!metrics) return usageError(io, zh ? `找不到指标文件：${missing}` : `metrics file not found: ${missing}`, HELP);

  const { index, count, problems } = await metrics.wait();
  const badRows = reportMetricProblems(io, files, problems, lang);
  const events = await simulate(result.model, plan, { from, to, index });

  if (args.format === 'json') {
    io.out(`${JSON.stringify({ events: serializeEvents(events) }, null, 2)}\n`);
  } else {
    const names = createNameBook(result.model, lang);
    const workspace = result.model.workspaces[0]?.value.metadata.title ?? plan.workspace;
    io.out(zh
      ? `模拟 ${workspace}（时间均为 ${plan.timezone} 时区），${count} 个指标数据点${badRows > 0 ? `（跳过 ${badRows} 行）` : ''}：\n`
      : `Simulating ${workspace} (times in ${plan.timezone}) with ${count} metric points${badRows > 0 ? ` (${badRows} rows skipped)` : ''}:\n`);
    for (const event of events) io.out(`${describeEvent(event, plan.timezone, lang, names)}\n`);
    io.out(zh ? `共 ${events.length} 个事件。\n` : `${events.length} events.\n`);
  }
  return 0;
}
