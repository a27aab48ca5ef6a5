import { describe, expect, it } from 'vitest';
import { buildCheckMessageValues, formatMetricValue, renderMessage } from './index';

describe('renderMessage', () => {
  it('fills value, check.value and check.name, with or without spaces inside the braces', () => {
    const values = { value: 25, 'check.value': 25, 'check.name': 'negative-spike' };
    expect(renderMessage('{{check.name}}: 1 小时负面提及 {{ value }} 条 ({{check.value}})', values)).toBe('negative-spike: 1 小时负面提及 25 条 (25)');
  });

  it('shows a ratio as a percentage', () => {
    expect(renderMessage('抖音 7 日互动率 {{value}}', { value: { amount: 0.0273, unit: 'ratio' } })).toBe('抖音 7 日互动率 2.73%');
  });

  it('leaves unknown placeholders and placeholders without a value as written', () => {
    expect(renderMessage('{{valeu}} / {{value}} / {{toString}}', { value: undefined })).toBe('{{valeu}} / {{value}} / {{toString}}');
  });
});

describe('formatMetricValue', () => {
  it('formats by unit', () => {
    expect(formatMetricValue(0.05, 'ratio')).toBe('5%');
    expect(formatMetricValue(0.123456, 'ratio')).toBe('12.35%');
    expect(formatMetricValue(12.5, 'percent')).toBe('12.5%');
    expect(formatMetricValue(1234567, 'count')).toBe('1,234,567');
    expect(formatMetricValue(99.999, 'currency')).toBe('100');
  });
});

describe('buildCheckMessageValues', () => {
  it('renders a sample check message with the value and threshold in the metric unit', () => {
    const values = buildCheckMessageValues({ name: 'douyin-low-interaction', metric: 'interaction_rate', unit: 'ratio', condition: '< 3%', window: '7d', value: 0.0273 });
    expect(renderMessage('{{check.title}}: 7 日互动率 {{value}}, 低于 {{threshold}} ({{window}}, {{severity}})', values))
      .toBe('douyin-low-interaction: 7 日互动率 2.73%, 低于 3% (7d, warning)');
  });
});
