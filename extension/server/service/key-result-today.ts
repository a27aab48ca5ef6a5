/** A key result's expected value today: where its path from baseline to target says it should be. */
import {
  buildExpectedPath, buildMetricCatalogue, formatLocal, formatMetricValue, interpolatePath, isRatioMetric, lookupMetric,
  resolveGoalContext, resolveTarget, type GoalSpec, type KeyResult, type Lang, type WorkspaceModel,
} from '../../../core/index';
import { workspaceZone } from './schedule-text';

/** Markdown telling where a key result should stand at `now`, or undefined when its window cannot be read. */
export function describeKeyResultToday(model: WorkspaceModel, goal: GoalSpec, keyResult: KeyResult, now: number, lang: Lang): string | undefined {
  const zh = lang === 'zh-CN';
  const zone = workspaceZone(model);
  let context;
  try {
    context = resolveGoalContext(goal, zone);
  } catch {
    return undefined;
  }
  const catalogue = buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics);
  const info = lookupMetric(catalogue, keyResult.metric);
  const show = (value: number) => formatMetricValue(value, info.unit);
  const title = `**${keyResult.title ?? keyResult.id}** · ${keyResult.metric}`;
  if (keyResult.per === 'post') {
    return `${title}\n\n${zh ? `按周期统计达到 ${keyResult.threshold ?? ''} 的内容条数 (${keyResult.period ?? 'month'})。` : `Counts posts reaching ${keyResult.threshold ?? ''} per ${keyResult.period ?? 'month'}.`}`;
  }
  const cumulative = (info.aggregate === 'sum' || info.aggregate === 'count') && !isRatioMetric(info);
  const baseline = keyResult.baseline ?? (cumulative ? 0 : undefined);
  const today = formatLocal(now, zone).slice(0, 10);
  if (baseline === undefined) {
    return `${title}\n\n${zh ? '未设置 baseline: 基线取窗口内第一个数据点, 有数据后才能算出今天的预期值。' : 'No baseline: it is taken from the first point in the window, so the expected value is known once data arrives.'}`;
  }
  const target = resolveTarget(keyResult.target, baseline);
  const path = buildExpectedPath(context.window, baseline, target.value, keyResult.milestones ?? [], zone);
  const from = `${show(baseline)} (${goal.window.start})`;
  const to = `${show(target.value)} (${goal.window.end})`;
  if (now < context.window.start) return `${title}\n\n${zh ? `尚未开始: 路径从 ${from} 到 ${to}。` : `Not started: the path runs from ${from} to ${to}.`}`;
  if (now >= context.window.end) return `${title}\n\n${zh ? `窗口已结束, 目标 ${to}。` : `The window has ended; the target was ${to}.`}`;
  const expected = interpolatePath(path, now);
  return `${title}\n\n${zh ? `今天 (${today}) 的预期值: **${show(expected)}**, 路径从 ${from} 到 ${to}。` : `Expected today (${today}): **${show(expected)}**, on the path from ${from} to ${to}.`}`;
}
