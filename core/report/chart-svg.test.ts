import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { niceTicks, renderChartSvg, splitAtGaps, type ChartText } from './chart-svg';

const TEXT: ChartText = {
  title: '种子用户：实际、应达路径与预测',
  formatValue: (value) => value.toLocaleString('en-US', { maximumFractionDigits: 2 }),
  formatDate: (iso) => iso.slice(0, 10),
  legend: { actual: '实际', expected: '应达路径', forecast: '预测', target: '目标值' },
  today: '今天',
};
const day = (date: string) => `${date}T00:00:00.000Z`;

describe('niceTicks', () => {
  it('gives 3 to 5 round ticks that cover the range', () => {
    expect(niceTicks(0, 1000)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceTicks(464, 1000)).toEqual([400, 600, 800, 1000]);
    expect(niceTicks(0.021, 0.05)).toEqual([0.02, 0.03, 0.04, 0.05]);
    expect(niceTicks(5, 5).length).toBeGreaterThanOrEqual(3);
  });

  it('always 3-5 ticks, ascending, covering any range', () => {
    expect(niceTicks(-5e-324, 3.0000000000000004)[0]).toBeLessThanOrEqual(-5e-324);
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (low, span) => {
      const ticks = niceTicks(low, low + span);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(5);
      for (let index = 1; index < ticks.length; index += 1) expect(ticks[index]).toBeGreaterThan(ticks[index - 1] as number);
      expect(ticks[0]).toBeLessThanOrEqual(low);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(low + span - Math.abs(low + span) * 1e-9);
    }), { numRuns: 2000 });
  });
});

describe('splitAtGaps', () => {
  it('breaks the line where days have no data, not between daily points', () => {
    const points = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-10', '2026-11-11'].map((date, index) => ({ at: day(date), value: index }));
    expect(splitAtGaps(points).map((segment) => segment.length)).toEqual([3, 2]);
    expect(splitAtGaps(points.slice(0, 3))).toHaveLength(1);
  });
});

describe('renderChartSvg', () => {
  const svg = renderChartSvg({
    start: day('2026-10-01'), end: day('2027-01-01'), now: day('2026-11-26'), target: 1000,
    actual: [{ at: day('2026-10-01'), value: 120 }, { at: day('2026-10-02'), value: 131 }, { at: day('2026-11-20'), value: 464 }],
    expected: [{ at: day('2026-10-01'), value: 100 }, { at: day('2026-12-31'), value: 1000 }],
    forecast: [{ at: day('2026-11-20'), value: 464 }, { at: day('2026-12-31'), value: 780 }],
  }, TEXT);

  it('labels the value axis with 3-5 ticks and gridlines, and the date axis with several dates', () => {
    expect(svg.match(/class="grid"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(svg.match(/class="grid"/g)?.length).toBeLessThanOrEqual(5);
    expect(svg).toContain('>2026-10-01<');
    expect(svg).toContain('>2026-12-31<');
    expect(svg.match(/<text class="label" font-size="12"[^>]*text-anchor="(start|middle|end)">20\d\d-/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('names the today line, has a legend of its own and a tooltip with date and value on every measured point', () => {
    expect(svg).toContain('class="label today-label"');
    expect(svg).toContain('>今天<');
    for (const word of ['实际', '应达路径', '预测', '目标值']) expect(svg).toContain(`>${word}</text>`);
    expect(svg.match(/<circle class="actual-point"/g)).toHaveLength(3);
    expect(svg).toContain('<title>2026-11-20: 464</title>');
  });

  it('draws a gap where there is no data instead of a line across it', () => {
    expect(svg.match(/<path class="actual"/g)).toHaveLength(1);
  });

  it('uses no font smaller than 12 px and no style attribute (strict CSP)', () => {
    const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((match) => Number(match[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(svg).not.toMatch(/\sstyle=/);
    expect(svg).toContain('width="640"');
  });

  it('escapes text', () => {
    const escaped = renderChartSvg({ start: day('2026-10-01'), end: day('2026-10-10'), now: day('2026-10-05'), target: 1, actual: [], expected: [], forecast: [] }, { ...TEXT, title: '<b>&' });
    expect(escaped).toContain('&lt;b&gt;&amp;');
    expect(escaped).not.toContain('<b>');
  });
});
