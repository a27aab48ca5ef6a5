/*
 * One number, one rendering: a value of each unit shows the same in a check's message, in an SOP
 * step's {{check.value}}, in the simulate/run timeline, in the editor's Goals view and dashboard
 * and from formatMetricValue (what the CLI and the code lens call), in both languages.
 */
import { describe, expect, it } from 'vitest';
import { METRIC_UNITS, compilePlan, createNameBook, formatMetricValue, loadWorkspace, type Lang, type MetricUnit } from '../core/index';
import { simulate } from '../functions/engine/index';
import { describeEvent } from '../cli/commands/timeline';
import { formatNumber } from '../extension/client/goal-tree-items';

/** A value per unit, and how a person reads it. */
const SAMPLES: Record<MetricUnit, { readonly value: number; readonly shown: string }> = {
  count: { value: 12345.678, shown: '12,346' },
  ratio: { value: 0.025, shown: '2.5%' },
  percent: { value: 12.5, shown: '12.5%' },
  currency: { value: 1234.567, shown: '1,234.57' },
  seconds: { value: 3.14159, shown: '3.14' },
};

const AT = Date.parse('2027-01-05T15:00:00+08:00');

function workspace(language: Lang): string {
  const units = METRIC_UNITS.map((unit) => `    - { id: m_${unit}, unit: ${unit}, aggregate: last }`).join('\n');
  const checks = METRIC_UNITS.map((unit) => `apiVersion: flywheel/v1
kind: Check
metadata: { name: check-${unit}, title: 检查-${unit} }
spec:
  schedule: rate(1 hour)
  metric: m_${unit}
  window: 1h
  condition: "> 0"
  notify: [ops]
  message: "value=<{{value}}>"
  sop: step-${unit}
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: step-${unit} }
spec:
  trigger: { check: check-${unit} }
  steps:
    - { id: tell, notify: [ops], message: "check.value=<{{check.value}}>" }
`).join('---\n');
  return `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: numbers }
spec:
  timezone: Asia/Shanghai
  language: ${language}
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  metrics:
${units}
---
${checks}`;
}

describe('numbers render one way everywhere', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`a check's message, its SOP's step, the timeline and formatMetricValue agree (${lang})`, async () => {
      // Prepare
      const { model, diagnostics } = loadWorkspace([{ path: 'workspace.yaml', bytes: new TextEncoder().encode(workspace(lang)) }]);
      expect(diagnostics).toEqual([]);
      const points = METRIC_UNITS.map((unit) => ({ time: AT - 1_800_000, metric: `m_${unit}`, value: SAMPLES[unit].value }));
      // Act
      const events = await simulate(model, compilePlan(model, { readFile: () => undefined }), { from: AT, to: AT, points });
      // Assess
      const names = createNameBook(model, lang);
      for (const unit of METRIC_UNITS) {
        const { value, shown } = SAMPLES[unit];
        expect(formatMetricValue(value, unit, { lang }), unit).toBe(shown);
        expect(formatNumber(value, 1, unit), `the Goals view, ${unit}`).toBe(shown);
        const fired = events.find((event) => event.type === 'check.fired' && event.check === `check-${unit}`);
        expect(fired, unit).toBeDefined();
        const messages = events.filter((event) => event.type === 'notify' && event.at === fired?.at).map((event) => (event.type === 'notify' ? event.message : ''));
        expect(messages, unit).toEqual(expect.arrayContaining([`value=<${shown}>`, `check.value=<${shown}>`]));
        expect(describeEvent(fired!, 'Asia/Shanghai', lang, names), unit).toContain(lang === 'zh-CN' ? `（${shown}）` : `(${shown})`);
      }
    });
  }

  it('a key result\'s value and expected value in the timeline use its metric\'s unit', () => {
    const { model } = loadWorkspace([{ path: 'w.yaml', bytes: new TextEncoder().encode(`${workspace('zh-CN')}---
apiVersion: flywheel/v1
kind: Goal
metadata: { name: g, title: 目标甲 }
spec:
  window: { start: 2027-01-01, end: 2027-12-31 }
  keyResults:
    - { id: rate, title: 互动率达标, metric: m_ratio, target: ">= 0.05" }
    - { id: fans, title: 粉丝过万, metric: m_count, baseline: 0, target: 20000 }
`) }]);
    const names = createNameBook(model, 'zh-CN');
    const line = (keyResult: string, value: number, expected: number) => describeEvent(
      { type: 'goal.status', at: AT, goal: 'g', keyResult, status: 'at-risk', value, expected, forecast: null }, 'Asia/Shanghai', 'zh-CN', names,
    );
    expect(line('rate', 0.025, 0.05)).toContain('目标 目标甲 / 互动率达标：有风险，当前值 2.5%，应达 5%');
    expect(line('fans', 2400, 4393.6)).toContain('目标 目标甲 / 粉丝过万：有风险，当前值 2,400，应达 4,394');
  });
});
