/** A key result's expected value today: where its path from baseline to target says it should be. */
import {
  buildMetricCatalogue, formatCondition, formatLocal, formatMetricValue, interpolatePath, lookupMetric, measureProgress, planKeyResult,
  resolveGoalContext, type GoalSpec, type KeyResult, type Lang, type WorkspaceModel,
} from '../../../core/index';
import { workspaceZone } from './schedule-text';

/**
 * Markdown telling where a key result should stand at `now`, by the rules goal status applies
 * (planKeyResult) and with numbers by the metric's unit; undefined when its window cannot be read.
 */
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
  const show = (value: number) => formatMetricValue(value, info.unit, { lang });
  const title = `**${keyResult.title ?? keyResult.id}** · ${zh ? info.title.zh : info.title.en}`;
  if (keyResult.per === 'post') {
    const threshold = keyResult.threshold === undefined ? '' : formatCondition(keyResult.threshold, info.unit, { lang });
    const target = typeof keyResult.target === 'number' ? `≥ ${formatMetricValue(keyResult.target, 'count', { lang })}` : formatCondition(keyResult.target, 'count', { lang });
    const period = PERIODS[keyResult.period ?? 'month'];
    return `${title}\n\n${zh
      ? `按${period.zh}统计${info.title.zh}达到 ${threshold} 的内容条数，目标每${period.zh} ${target} 条。`
      : `Counts the posts whose ${info.title.en} reaches ${threshold} each ${period.en}; the target is ${target} a ${period.en}.`}`;
  }
  let plan;
  try {
    plan = planKeyResult(keyResult, context, catalogue);
  } catch {
    return undefined;
  }
  const target = formatCondition(`${plan.target.condition.operator} ${plan.target.value}`, info.unit, { lang });
  if (plan.kind === 'level' || plan.path === undefined || plan.baseline === undefined) {
    return `${title}\n\n${zh
      ? `保持水平：当前值 ${target} 时为已达成，否则为偏离（未设置基线，没有进度路径）。`
      : `A level to hold: achieved while the value is ${target}, off track while not (no baseline, so no path).`}`;
  }
  const today = formatLocal(now, zone).slice(0, 10);
  const from = zh ? `${show(plan.baseline)}（${goal.window.start}）` : `${show(plan.baseline)} (${goal.window.start})`;
  const to = zh ? `${target}（${goal.window.end}）` : `${target} (${goal.window.end})`;
  if (now < context.window.start) return `${title}\n\n${zh ? `尚未开始：路径从 ${from}到 ${to}。` : `Not started: the path runs from ${from} to ${to}.`}`;
  if (now >= context.window.end) return `${title}\n\n${zh ? `窗口已结束，目标值 ${to}。` : `The window has ended; the target was ${to}.`}`;
  const expected = interpolatePath(plan.path, now);
  const progress = measureProgress(expected, plan.baseline, plan.target.value);
  const share = progress === undefined ? '' : formatMetricValue(progress, 'ratio', { lang });
  return `${title}\n\n${zh
    ? `今天（${today}）应达：**${show(expected)}**（进度 ${share}），路径从 ${from}到 ${to}。`
    : `Expected today (${today}): **${show(expected)}** (progress ${share}), on the path from ${from} to ${to}.`}`;
}

const PERIODS = {
  day: { en: 'day', zh: '日' },
  week: { en: 'week', zh: '周' },
  month: { en: 'month', zh: '月' },
  quarter: { en: 'quarter', zh: '季度' },
  year: { en: 'year', zh: '年' },
} as const;
