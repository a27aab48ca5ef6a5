import { describe, expect, it } from 'vitest';
import { buildCheckMessageValues, formatCondition, formatDuration, formatMetricValue, renderMessage } from '../index';

describe('renderMessage', () => {
  it('fills value, check.value and check.name, with or without spaces inside the braces', () => {
    const values = { value: 25, 'check.value': 25, 'check.name': 'negative-spike' };
    expect(renderMessage('{{check.name}}: 1 小时负面提及 {{ value }} 条 ({{check.value}})', values)).toBe('negative-spike: 1 小时负面提及 25 条 (25)');
  });

  it('shows a ratio as a percentage', () => {
    expect(renderMessage('抖音 7 日互动率 {{value}}', { value: { amount: 0.0273, unit: 'ratio' } })).toBe('抖音 7 日互动率 2.73%');
  });

  it('shows a placeholder nothing fills as its name in brackets, never as {{', () => {
    expect(renderMessage('{{valeu}} / {{value}} / {{toString}}', { value: undefined })).toBe('[valeu] / [value] / [toString]');
  });

  it('sends no {{ even from a stray brace pair in the template or inside a filled title', () => {
    const rendered = renderMessage('{{{post}}} {{ 未闭合 {{{{', { post: '标题里有 {{x}}' });
    expect(rendered).not.toContain('{{');
    expect(rendered).toBe('{标题里有 {x}}} { 未闭合 {');
  });
});

describe('formatMetricValue', () => {
  it('formats by unit', () => {
    expect(formatMetricValue(0.05, 'ratio')).toBe('5%');
    expect(formatMetricValue(0.025, 'ratio')).toBe('2.5%');
    expect(formatMetricValue(0.123456, 'ratio')).toBe('12.35%');
    expect(formatMetricValue(12.5, 'percent')).toBe('12.5%');
    expect(formatMetricValue(1234567, 'count')).toBe('1,234,567');
    expect(formatMetricValue(4393.6, 'count')).toBe('4,394');
    expect(formatMetricValue(99.999, 'currency')).toBe('100');
    expect(formatMetricValue(12.345, 'seconds')).toBe('12.35');
  });

  it('never shows -0, and shows the same digits in both languages', () => {
    expect(formatMetricValue(-0.0001, 'count')).toBe('0');
    expect(formatMetricValue(-0.00001, 'ratio')).toBe('0%');
    expect(formatMetricValue(20000, 'count', { lang: 'en' })).toBe(formatMetricValue(20000, 'count', { lang: 'zh-CN' }));
  });
});

describe('formatCondition and formatDuration', () => {
  it('shows a condition\'s number in the metric unit', () => {
    expect(formatCondition('< 0.03', 'ratio')).toBe('< 3%');
    expect(formatCondition('< 3%', 'ratio')).toBe('< 3%');
    expect(formatCondition('>= 20000', 'count')).toBe('≥ 20,000');
    expect(formatCondition('not a condition', 'count')).toBe('not a condition');
  });

  it('says a window in words', () => {
    expect(formatDuration('7d', 'zh-CN')).toBe('7 天');
    expect(formatDuration('1h', 'en')).toBe('1 hour');
    expect(formatDuration('30m', 'en')).toBe('30 minutes');
  });
});

describe('buildCheckMessageValues', () => {
  it('renders a sample check message with the value and threshold in the metric unit, words in the workspace language', () => {
    const check = { name: 'douyin-low-interaction', metric: 'interaction_rate', unit: 'ratio', condition: '< 3%', window: '7d', value: 0.0273 } as const;
    const template = '{{check.title}}: 7 日互动率 {{value}}, 低于 {{threshold}} ({{window}}, {{severity}})';
    expect(renderMessage(template, buildCheckMessageValues(check))).toBe('douyin-low-interaction: 7 日互动率 2.73%, 低于 3% (7 天, 警告)');
    expect(renderMessage(template, buildCheckMessageValues({ ...check, lang: 'en' }))).toBe('douyin-low-interaction: 7 日互动率 2.73%, 低于 3% (7 days, warning)');
  });
});
