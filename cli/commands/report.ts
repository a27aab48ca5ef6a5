import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderReviewHtml } from '../../core/report/review-html';
import { renderReviewMarkdown } from '../../core/index';
import { buildReview, listLoggedEvents } from '../../functions/engine/build-review';
import { loadMetricIndex } from '../../functions/engine/local-runner';
import { listChecks } from '../../functions/store/status-report';
import { openLocalStore } from '../local-store';
import type { CliIo } from '../output';
import { usageError } from '../usage';
import { loadValidWorkspace, parseWorkspaceArgs, readInstantArg } from './shared';
import { buildKeyResultSeries } from '../../core/report/key-result-series';

const HELP = `Usage: flywheel report [dir=playbooks] [--from <date|instant>] [--to <date|instant>] [--format html|md|json] [--out <file>] [--lang en|zh-CN]

The review of a window (default: the last 7 days up to now) from the workspace's local store
(.flywheel/, what \`flywheel run\` recorded): each goal and key result with its status and change in
the window, checks that fired and resolved, posts published with their numbers (top first), posts
that need a person, and A/B verdicts. Dates are read in the workspace time zone (--from at 00:00,
--to through the end of that day). --format html (the default) is one self-contained file to open
in any browser or print; md is markdown; json the raw review. Without --out it goes to stdout.

用法: flywheel report [目录=playbooks] [--from <日期|时刻>] [--to <日期|时刻>] [--format html|md|json] [--out <文件>]
生成一段时间的复盘（默认最近 7 天）：目标与关键结果的状态和变化、触发与恢复的检查、已发布内容及其数据（按阅读量排序）、
需要人工处理的内容、A/B 结论。日期按工作区时区解读。html 为可直接在浏览器中打开或打印的单个文件。
`;

const WEEK_MS = 7 * 86_400_000;

/** `flywheel report`: the review of a window as HTML, markdown or JSON. */
export async function runReport(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } }, ['html', 'md', 'json']);
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const values = args.options as { from?: string; to?: string; out?: string };
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const timezone = result.model.workspaces[0]?.value.spec.timezone ?? 'UTC';
  const now = Date.now();
  // --to a date means through the end of that day: the window ends at the next midnight.
  const toArg = values.to === undefined ? now : readInstantArg(values.to, timezone, true);
  if (toArg === undefined) return usageError(io, `--to "${values.to}" is not YYYY-MM-DD or an ISO 8601 instant with an offset / 不是日期或带时区的时刻`, HELP);
  const to = values.to !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(values.to) ? toArg + 60_000 : toArg;
  const from = values.from === undefined ? to - WEEK_MS : readInstantArg(values.from, timezone, false);
  if (from === undefined) return usageError(io, `--from "${values.from}" is not YYYY-MM-DD or an ISO 8601 instant with an offset / 不是日期或带时区的时刻`, HELP);
  if (to <= from) return usageError(io, '--to is not after --from / --to 不晚于 --from', HELP);

  const local = await openLocalStore(dir);
  let review;
  try {
    const metrics = await loadMetricIndex(local.store, result.model, to);
    const events = await listLoggedEvents(local.store, from, to);
    // The check states are the store's present: they describe the window's end only when it is now.
    const firingAtEnd = to >= now - 60_000 ? new Set((await listChecks(local.store, result.model)).filter((check) => check.firing).map((check) => check.check)) : undefined;
    review = buildReview({
      model: result.model, events, metrics, from, to, ...(firingAtEnd ? { firingAtEnd } : {}),
      seriesOf: (keyResult, goal, evaluation) => buildKeyResultSeries(keyResult, goal, evaluation, metrics.index, metrics.catalogue, to),
    });
  } finally {
    await local.close();
  }

  const format = args.format as 'html' | 'md' | 'json';
  const rendered = format === 'json' ? `${JSON.stringify(review, null, 2)}\n` : format === 'md' ? renderReviewMarkdown(review, lang) : renderReviewHtml(review, lang);
  if (values.out === undefined) {
    io.out(rendered);
    return 0;
  }
  const target = resolve(io.cwd, values.out);
  writeFileSync(target, rendered);
  io.out(lang === 'zh-CN' ? `复盘已写入 ${values.out}\n` : `Review written to ${values.out}\n`);
  return 0;
}
