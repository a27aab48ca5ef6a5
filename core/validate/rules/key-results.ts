import { parseCondition } from '../../conditions';
import { text } from '../../diagnostics';
import type { KeyResult } from '../../schema/index';
import type { Rule, RuleContext } from '../context';
import { metricUnit } from './metric-catalogue';

/** Key results whose baseline, target, threshold and period do not fit together. */
export const keyResultsRule: Rule = {
  code: 'flywheel/key-result',
  check(context) {
    for (const entry of context.model.goals) {
      const { spec } = entry.value;
      const report = (keyResult: KeyResult, field: string, severity: 'error' | 'warning', en: string, zh: string) =>
        context.report(entry, keyResult, [field], 'value', severity, this.code, text(en, zh));
      if (typeof spec.tolerance === 'string' && Number.parseFloat(spec.tolerance) > 100) {
        context.report(entry, spec, ['tolerance'], 'value', 'error', this.code, text('tolerance must be at most 100%.', 'tolerance 不能超过 100%。'));
      }
      for (const keyResult of spec.keyResults) {
        const target = typeof keyResult.target === 'number' ? { operator: '>=' as const, value: keyResult.target, percent: false } : parseCondition(keyResult.target);
        if (keyResult.per === 'post') {
          if (keyResult.threshold === undefined) report(keyResult, 'per', 'error', `Key result "${keyResult.id}" counts posts (per: post) but has no threshold. Add e.g. threshold: ">= 1000000".`, `关键结果 "${keyResult.id}" 按内容计数 (per: post), 但没有 threshold。请添加, 例如 threshold: ">= 1000000"。`);
          if (keyResult.period === undefined) report(keyResult, 'per', 'error', `Key result "${keyResult.id}" counts posts (per: post) but has no period. Add period: day, week, month, quarter or year.`, `关键结果 "${keyResult.id}" 按内容计数 (per: post), 但没有 period。请添加 period: day、week、month、quarter 或 year。`);
          if (target && (!Number.isInteger(target.value) || target.value < 0 || target.percent)) report(keyResult, 'target', 'error', `With per: post the target is a number of posts per period, such as ">= 2".`, `per: post 时, target 是每个周期的内容条数, 例如 ">= 2"。`);
          if (keyResult.baseline !== undefined) report(keyResult, 'baseline', 'warning', 'A baseline has no effect with per: post (each period is counted afresh); remove it.', 'per: post 时 baseline 无效 (每个周期重新计数); 请删除。');
          continue;
        }
        if (keyResult.threshold !== undefined) report(keyResult, 'threshold', 'error', `threshold only applies with per: post. Add per: post, or remove threshold and put the value in target.`, `threshold 仅在 per: post 时有效。请添加 per: post, 或删除 threshold 并把数值写入 target。`);
        if (keyResult.period !== undefined) report(keyResult, 'period', 'error', `period only applies with per: post. Add per: post, or remove period.`, `period 仅在 per: post 时有效。请添加 per: post, 或删除 period。`);
        if (!target) continue;
        if (target.operator === '==' || target.operator === '!=') {
          report(keyResult, 'target', 'warning', `A target of "${String(keyResult.target)}" has no direction to track progress along; use >=, >, <= or <.`, `目标 "${String(keyResult.target)}" 没有方向, 无法跟踪进度; 请使用 >=、>、<= 或 <。`);
        }
        if (keyResult.baseline !== undefined) {
          if (keyResult.baseline === target.value) {
            report(keyResult, 'target', 'error', `Baseline and target are both ${target.value}: there is nothing to track. Set the target you want to reach.`, `基线和目标都是 ${target.value}: 没有可跟踪的变化。请设置要达到的目标。`);
          } else if (typeof keyResult.target === 'string') {
            const rising = target.operator === '>' || target.operator === '>=';
            const falling = target.operator === '<' || target.operator === '<=';
            if ((rising && keyResult.baseline > target.value) || (falling && keyResult.baseline < target.value)) {
              report(keyResult, 'baseline', 'warning', `The baseline ${keyResult.baseline} already meets the target "${keyResult.target}": the key result is achieved from day one. Check the direction.`, `基线 ${keyResult.baseline} 已满足目标 "${keyResult.target}": 从第一天起就已达成。请检查方向。`);
            }
          }
        }
        checkRatioScale(context, entry, keyResult, target.value, target.percent);
      }
    }
  },
};

/** A ratio metric runs 0-1; a plain 30 where 0.30 (or 30%) was meant is the usual slip. */
function checkRatioScale(context: RuleContext, entry: Parameters<RuleContext['report']>[0], keyResult: KeyResult, value: number, percent: boolean): void {
  if (percent || metricUnit(context, keyResult.metric) !== 'ratio') return;
  for (const [field, number] of [['target', value], ['baseline', keyResult.baseline]] as const) {
    if (number !== undefined && Math.abs(number) > 1) {
      context.report(entry, keyResult, [field], 'value', 'warning', 'flywheel/key-result', text(
        `${keyResult.metric} is a ratio between 0 and 1, but ${field} is ${number}. Did you mean ${number / 100} (or "${number}%")?`,
        `${keyResult.metric} 是 0 到 1 之间的比例, 但 ${field} 为 ${number}。是否应为 ${number / 100} (或 "${number}%")?`,
      ));
    }
  }
}
