import { parseCondition } from '../../conditions';
import { text } from '../../diagnostics';
import { BUILTIN_METRICS } from '../../metrics/index';
import type { Rule } from '../context';
import { metricUnit } from './metric-catalogue';

/** Workspace metrics do not redefine built-ins; conditions fit the metric's scale. */
export const metricsRule: Rule = {
  code: 'flywheel/metric',
  check(context) {
    for (const entry of context.model.workspaces) {
      for (const metric of entry.value.spec.metrics ?? []) {
        if (BUILTIN_METRICS.has(metric.id)) {
          context.report(entry, metric, ['id'], 'value', 'error', this.code, text(
            `"${metric.id}" is a built-in metric and cannot be redefined. Remove this entry, or give your metric another id.`,
            `"${metric.id}" 是内置指标, 不能重新定义。请删除此项, 或为自定义指标另取 ID。`,
          ));
        }
      }
    }
    const checkScale = (entry: Parameters<typeof context.report>[0], owner: object, field: string, metric: string, source: string) => {
      const condition = parseCondition(source);
      if (!condition) return;
      const unit = metricUnit(context, metric);
      if (condition.percent && unit === 'count') {
        context.report(entry, owner, [field], 'value', 'warning', this.code, text(
          `"${source}" is a percentage, but ${metric} is a count. Compare it with a number, or use a ratio metric.`,
          `"${source}" 是百分比, 但 ${metric} 是计数。请与数字比较, 或改用比例类指标。`,
        ));
      } else if (!condition.percent && unit === 'ratio' && Math.abs(condition.value) > 1) {
        context.report(entry, owner, [field], 'value', 'warning', this.code, text(
          `${metric} is a ratio between 0 and 1, but "${source}" compares it with ${condition.value}. Did you mean "${condition.operator} ${condition.value}%"?`,
          `${metric} 是 0 到 1 之间的比例, 但 "${source}" 与 ${condition.value} 比较。是否应为 "${condition.operator} ${condition.value}%"?`,
        ));
      }
    };
    for (const entry of context.model.checks) checkScale(entry, entry.value.spec, 'condition', entry.value.spec.metric, entry.value.spec.condition);
    for (const entry of context.model.campaigns) {
      for (const kpi of entry.value.spec.kpis ?? []) checkScale(entry, kpi, 'target', kpi.metric, kpi.target);
    }
    for (const entry of context.model.goals) {
      for (const keyResult of entry.value.spec.keyResults) {
        if (keyResult.threshold) checkScale(entry, keyResult, 'threshold', keyResult.metric, keyResult.threshold);
      }
    }
  },
};
