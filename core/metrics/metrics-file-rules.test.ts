import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMetricCatalogue } from '../evaluate/metric-catalogue';
import { decodeMetricsCsv } from './decode-csv';
import { readMetricValue, readPlainNumber } from './metric-values';
import { parseMetricsCsv, type MetricsWorkspace } from './parse-csv';

const HEADER = 'time,metric,value';
const AT = '2026-10-01T09:00:00+08:00';

function problemsOf(rows: readonly string[], header = HEADER): { values: number[]; lines: number[]; messages: string[] } {
  const read = parseMetricsCsv([header, ...rows].join('\n'));
  return { values: read.points.map((point) => point.value), lines: read.problems.map((problem) => problem.line), messages: read.problems.map((problem) => problem.message.en) };
}

describe('metric values the store holds exactly (issue 11.6)', () => {
  it('refuses values beyond the store, not finite, or with more digits than it keeps, and keeps the good rows around them', () => {
    const bad = ['1e308', '9007199254740993', '-9007199254740992', 'NaN', 'Infinity', '-Infinity', '1e99999999999', '1e-131', '5e-324', '0.1000000000000000055511151231257827', '12345678901234567', '0x10', '1_000', '', '3.5.1', '1,234'];
    const rows = [`${AT},views,1`, ...bad.map((value) => `${AT},views,${value.includes(',') ? `"${value}"` : value}`), `${AT},views,2`];
    const { values, lines, messages } = problemsOf(rows);
    expect(values).toEqual([1, 2]);
    expect(lines).toEqual(bad.map((_, position) => position + 3));
    expect(messages[0]).toContain('larger than the store holds exactly (at most 9,007,199,254,740,991');
    expect(messages[7]).toContain('closer to zero');
    expect(messages[9]).toContain('it would be stored as 0.1');
    expect(messages[15]).toContain('without them (1234)');
  });

  it('keeps every value that reads back as written, percentages moved by two places without rounding', () => {
    for (const [written, value] of [['9007199254740991', 9007199254740991], ['-9007199254740991', -9007199254740991], ['1e-130', 1e-130], ['0.30000000000000004', 0.30000000000000004], ['1.1%', 0.011], ['3.5 %', 0.035], ['-0', 0], ['+12', 12], ['1.20E3', 1200], ['.5', 0.5], ['0.000', 0]] as const) {
      expect(readMetricValue(written), written).toEqual({ value });
    }
    expect(Object.is((readMetricValue('-0') as { value: number }).value, 0)).toBe(true);
  });

  it('reads short plain decimals on the fast path exactly as the exact decimal reading does', () => {
    const plain = fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,14}$/), fc.option(fc.stringMatching(/^\d{1,13}$/))).map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`);
    fc.assert(fc.property(plain, (written) => {
      const fast = readPlainNumber(written);
      // An exponent sends the text down the exact path.
      const exact = readMetricValue(`${written}e0`);
      if (written.length > 15) expect(fast).toBeUndefined();
      else expect(exact).toEqual({ value: fast });
    }), { numRuns: 2000, seed: 11 });
    for (const written of ['', '-', '.5', '5.', '1e3', '+5', '1,5', '0x1', '--1']) expect(readPlainNumber(written), written).toBeUndefined();
  });

  it('refuses times that are not real, before 1970 or finer than a millisecond', () => {
    const { values, lines, messages } = problemsOf([
      '2026-02-30T09:00:00+08:00,views,1', '2026-10-01T24:00:00Z,views,1', '1969-12-31T23:59:59Z,views,1', '0099-01-01T00:00:00Z,views,1',
      '1970-01-01T05:00:00+08:00,views,1', '2026-10-01T09:00:00.0001Z,views,1', '2026-10-01T09:00:00+0800,views,7', '2026-10-01T09:00:00.120000Z,views,8', '1969-12-31T20:30:00-03:30,views,9',
    ]);
    expect(lines).toEqual([2, 3, 4, 5, 6, 7]);
    expect(messages[0]).toContain('not a real date');
    expect(messages[2]).toContain('before 1970');
    expect(values).toEqual([7, 8, 9]);
  });
});

describe('metrics files v1.1: columns by header name', () => {
  it('reads the columns in any order, names are trimmed and case-insensitive', () => {
    const read = parseMetricsCsv(`Value, channel ,TIME,metric,post\n5,wechat-main,${AT},views,p1\n7,,${AT},likes,\n`);
    expect(read.problems).toEqual([]);
    expect(read.points).toEqual([
      expect.objectContaining({ time: Date.UTC(2026, 9, 1, 1), metric: 'views', value: 5, channel: 'wechat-main', post: 'p1' }),
      expect.objectContaining({ metric: 'likes', value: 7, channel: undefined }),
    ]);
  });

  it('refuses a file whose header has unknown, repeated or missing columns, or no header, naming them at line 1', () => {
    const cases: [string, string][] = [
      ['time,metric,value,platform,reads', 'Unknown column(s) "platform", "reads"'],
      ['time,metric,value,value', 'Column "value" appears twice'],
      ['time,value,channel', 'lacks the required column(s) metric'],
      [`${AT},views,3`, 'must be the header'],
      ['time,metric,value,', 'an empty name'],
    ];
    for (const [header, message] of cases) {
      const read = parseMetricsCsv(`${header}\n${AT},views,3\n`);
      expect(read.points, header).toEqual([]);
      expect(read.problems, header).toEqual([{ line: 1, message: expect.objectContaining({ en: expect.stringContaining(message) }) }]);
      expect(read.problems[0]?.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('reports a row with more cells than the header names', () => {
    expect(problemsOf([`${AT},views,1,extra`]).messages).toEqual(['The row has 4 cells but the header names 3 columns.']);
  });
});

describe('metrics files v1.1: against the workspace', () => {
  const workspace: MetricsWorkspace = {
    metrics: buildMetricCatalogue([{ id: 'seed_users', unit: 'count' }, { id: 'repurchase_rate', unit: 'ratio' }, { id: 'watch_time', unit: 'seconds' }]),
    channels: new Set(['wechat-main']),
    campaigns: new Set(['launch']),
    posts: new Set(['p1']),
  };

  it('refuses unknown metrics and channels and values outside the metric\'s sense by line; keeps and lists unknown posts and campaigns once', () => {
    const read = parseMetricsCsv([
      'time,metric,value,channel,campaign,post',
      `${AT},views,10,wechat-main,launch,p1`,
      `${AT},made_up,10,wechat-main,,`,
      `${AT},views,10,xhs-main,,`,
      `${AT},views,-1,wechat-main,,`,
      `${AT},views,1.5,,,`,
      `${AT},follower_gain,-12,wechat-main,,`,
      `${AT},repurchase_rate,3.5,,,`,
      `${AT},repurchase_rate,3.5%,,,`,
      `${AT},watch_time,-2,,,`,
      `${AT},seed_users,4,,other-campaign,outside-post`,
      `2026-10-02T09:00:00+08:00,seed_users,5,,other-campaign,outside-post`,
    ].join('\n'), { workspace });
    expect(read.problems.map((problem) => [problem.line, problem.message.en])).toEqual([
      [3, expect.stringContaining('Metric "made_up" is not defined in the workspace')],
      [4, expect.stringContaining('Channel "xhs-main" is not defined')],
      [5, 'views is a count: -1 must not be negative.'],
      [6, 'views is a count: 1.5 must be a whole number.'],
      [8, expect.stringContaining('repurchase_rate is a ratio between 0 and 1: 3.5 is outside it')],
      [10, 'watch_time is a duration: -2 must not be negative.'],
    ]);
    expect(read.points.map((point) => point.value)).toEqual([10, -12, 0.035, 4, 5]);
    expect(read.lines).toEqual([2, 7, 9, 11, 12]);
    expect(read.unknownPosts).toEqual(['outside-post']);
    expect(read.unknownCampaigns).toEqual(['other-campaign']);
  });
});

describe('metrics files v1.1: encodings', () => {
  const csv = `time,metric,value,channel,post\n${AT},views,12,wechat-main,国庆特辑「咖啡」\n`;
  const gb18030 = Uint8Array.from([...Buffer.from('time,metric,value,channel,post\n'), ...Buffer.from(`${AT},views,12,wechat-main,`), 0xb9, 0xfa, 0xc7, 0xec, 0xcc, 0xd8, 0xbc, 0xad, 0xa1, 0xb8, 0xbf, 0xa7, 0xb7, 0xc8, 0xa1, 0xb9, 0x0a]);

  it('reads UTF-8 with and without a BOM, GB18030 (as Excel in China saves) and UTF-16 with a BOM to the same points', () => {
    const expected = parseMetricsCsv(csv).points;
    expect(expected[0]?.post).toBe('国庆特辑「咖啡」');
    expect(new TextDecoder('gb18030').decode(gb18030)).toBe(csv);
    for (const [bytes, encoding] of [
      [Buffer.from(csv), 'utf-8'], [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), 'utf-8'], [gb18030, 'gb18030'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]), 'utf-16'],
    ] as const) {
      const read = parseMetricsCsv(bytes);
      expect(read.problems, encoding).toEqual([]);
      expect(read.encoding).toBe(encoding);
      expect(read.points).toEqual(expected);
    }
  });

  it('refuses a damaged UTF-8 file at the line of the bad byte, and bytes that are not Chinese text in GB18030, with the advice to save as UTF-8', () => {
    const damaged = Buffer.concat([Buffer.from(csv), Buffer.from(`${AT},views,3,wechat-main,`), Buffer.from([0xff]), Buffer.from('\n')]);
    const read = parseMetricsCsv(damaged);
    expect(read.points).toEqual([]);
    expect(read.problems).toEqual([{ line: 3, message: expect.objectContaining({ en: expect.stringContaining('line 3 holds bytes that are not') }) }]);
    // "中文" in Big5 reads as other characters in GB18030.
    const big5 = Buffer.concat([Buffer.from(`time,metric,value,post\n${AT},views,3,`), Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0x0a])]);
    const refused = decodeMetricsCsv(big5);
    expect(refused).toEqual({ line: 2, problem: expect.objectContaining({ en: expect.stringContaining('CSV UTF-8') }) });
    expect('problem' in refused && refused.problem.zh).toContain('另存为');
  });
});
