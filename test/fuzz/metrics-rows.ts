/*
 * Generators for the metrics-file fuzz (test/fuzz/metrics-input.test.ts): good rows with the point
 * each must give, mutations that make a row bad for certain, mutations that must not change what a
 * row means, and random ones whose verdict is unknown. The workspace here is fixed and small.
 */
import fc from 'fast-check';
import { buildMetricCatalogue, CSV_COLUMNS, type MetricPoint, type MetricsWorkspace } from '../../core/index';

export const FUZZ_WORKSPACE: MetricsWorkspace = {
  metrics: buildMetricCatalogue([
    { id: 'seed_users', unit: 'count' }, { id: 'repurchase_rate', unit: 'ratio' }, { id: 'watch_seconds', unit: 'seconds' }, { id: 'growth', unit: 'percent' },
  ]),
  channels: new Set(['wechat-main', 'douyin-main']),
  campaigns: new Set(['launch']),
  posts: new Set(['p1', 'p2']),
};

type Column = (typeof CSV_COLUMNS)[number];
type Cells = Partial<Record<Column, string>>;

/** A row as written, and the point it must give when no mutation spoils it. */
export interface GoodRow {
  readonly cells: Cells;
  readonly point: MetricPoint;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** An instant written with an offset in ISO 8601, as people and exports write it. */
const instantText = fc.record({
  instant: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: Date.UTC(9999, 0, 1) }) },
  ),
  offsetMinutes: fc.constantFrom(0, 480, -330, 840, -720, 345, 60),
  zulu: fc.boolean(),
  millis: fc.boolean(),
}).map(({ instant, offsetMinutes, zulu, millis }) => {
  const offset = zulu ? 0 : offsetMinutes;
  const local = new Date(instant + offset * 60_000);
  const shownMillis = millis || local.getUTCMilliseconds() !== 0 ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
  const zone = zulu ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const text = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${shownMillis}${zone}`;
  return { text, instant };
}).filter(({ text }) => Number(text.slice(0, 4)) >= 1969);

/** A double the store holds (tiny magnitudes become 0), written as its shortest decimal. */
const storedDouble = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
  .map((value) => (Math.abs(value) < 1e-130 ? 0 : value))
  .map((value) => ({ text: String(value), value: value === 0 ? 0 : value }));

/** Ten-thousandths written as a fraction (0.0350) or a percentage (3.50%): both exact. */
const ratioText = fc.record({ tenThousandths: fc.integer({ min: 0, max: 10_000 }), percent: fc.boolean() }).map(({ tenThousandths, percent }) => ({
  text: percent
    ? `${Math.floor(tenThousandths / 100)}.${pad(tenThousandths % 100)}%`
    : tenThousandths === 10_000 ? '1' : `0.${pad(tenThousandths, 4)}`,
  value: Number(`${tenThousandths}e-4`),
}));

const countText = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })).map((value) => ({ text: String(value), value }));

const VALUE_BY_METRIC: Record<string, fc.Arbitrary<{ text: string; value: number }>> = {
  views: countText, likes: countText, seed_users: countText,
  follower_gain: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((value) => ({ text: String(value), value: value === 0 ? 0 : value })),
  completion_rate: ratioText, repurchase_rate: ratioText,
  revenue: storedDouble(-1e12, 1e12), growth: storedDouble(-1e6, 1e6), watch_seconds: storedDouble(0, 1e9),
};

const DIMENSION_VALUES: Record<Exclude<Column, 'time' | 'metric' | 'value'>, readonly (string | undefined)[]> = {
  channel: [undefined, 'wechat-main', 'douyin-main'],
  campaign: [undefined, 'launch', 'other-campaign'],
  post: [undefined, 'p1', 'p2', 'outside-post', '国庆特辑'],
  variant: [undefined, 'a', 'b'],
  content_type: [undefined, 'tutorial', '短视频'],
};

/** A header: the three required columns and some optional ones, in any order. */
export const headerColumns: fc.Arbitrary<Column[]> = fc.shuffledSubarray(['channel', 'campaign', 'post', 'variant', 'content_type'] as Column[])
  .chain((optional) => fc.shuffledSubarray([...optional, 'time', 'metric', 'value'] as Column[], { minLength: optional.length + 3, maxLength: optional.length + 3 }));

/** A good row for a header. */
export function goodRow(columns: readonly Column[]): fc.Arbitrary<GoodRow> {
  const dimensions = columns.filter((column): column is keyof typeof DIMENSION_VALUES => column in DIMENSION_VALUES);
  return fc.record({
    time: instantText,
    metricValue: fc.constantFrom(...Object.keys(VALUE_BY_METRIC)).chain((metric) => (VALUE_BY_METRIC[metric] as fc.Arbitrary<{ text: string; value: number }>).map((value) => ({ metric, ...value }))),
    picks: fc.tuple(...dimensions.map((dimension) => fc.constantFrom(...DIMENSION_VALUES[dimension]))),
  }).map(({ time, metricValue, picks }) => {
    const cells: Cells = { time: time.text, metric: metricValue.metric, value: metricValue.text };
    const point: Record<string, string | number | undefined> = { time: time.instant, metric: metricValue.metric, value: metricValue.value, channel: undefined, campaign: undefined, post: undefined, variant: undefined, content_type: undefined };
    dimensions.forEach((dimension, position) => {
      const picked = picks[position] as string | undefined;
      if (picked !== undefined) {
        cells[dimension] = picked;
        point[dimension] = picked;
      }
    });
    return { cells, point: point as unknown as MetricPoint };
  });
}

/** What happens to a row: nothing, a change that keeps its meaning, one that spoils it for certain, or a random edit. */
export type RowMutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'neutral'; readonly how: 'pad' | 'quote' | 'plus' | 'exponent'; readonly column: number }
  | { readonly kind: 'bad'; readonly how: 'value' | 'sense' | 'time' | 'metric' | 'channel' | 'long' | 'control' | 'extra-cell' | 'few-cells' | 'open-quote'; readonly pick: number }
  | { readonly kind: 'random'; readonly at: number; readonly insert: string; readonly remove: number };

export const BAD_VALUES = ['1e308', '9007199254740993', '-9007199254740993', 'NaN', 'Infinity', '-Infinity', '1e999', '1e-131', '5e-324', '0.1000000000000000055511151231257827', '12345678901234567', '0x10', 'abc', '', '1e', '--1', '1.2.3', '∞', '１２'];
const BAD_TIMES = ['2026-02-30T00:00:00Z', '1969-12-31T23:59:59Z', '2026-10-01 09:00', 'yesterday', '2026-10-01T25:00:00Z', '2026-13-01T00:00:00Z', '', '2026-10-01T09:00:00.0001Z', '0099-01-01T00:00:00Z', '2026-10-01T09:00:00+24:00'];
const BAD_METRICS = ['made_up', 'Views', '', 'views!', 'a'.repeat(70)];
const RANDOM_INSERTS = [',', '"', '\u0000', '%', 'e', '-', '.', ' ', '\t', '中', '\uFEFF', '9', 'E+400', ''];

export const rowMutation: fc.Arbitrary<RowMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('neutral' as const), how: fc.constantFrom('pad' as const, 'quote' as const, 'plus' as const, 'exponent' as const), column: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('bad' as const),
      how: fc.constantFrom('value' as const, 'sense' as const, 'time' as const, 'metric' as const, 'channel' as const, 'long' as const, 'control' as const, 'extra-cell' as const, 'few-cells' as const, 'open-quote' as const),
      pick: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('random' as const), at: fc.nat(), insert: fc.constantFrom(...RANDOM_INSERTS), remove: fc.nat({ max: 3 }) }) },
);

const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const needsQuotes = (cell: string) => /[",]/.test(cell);

/** The row's line under a mutation; `bad` says whether the row must be refused (undefined: unknown). */
export function writeRow(columns: readonly Column[], row: GoodRow, mutation: RowMutation): { line: string; bad: boolean | undefined } {
  const cells = columns.map((column) => row.cells[column] ?? '');
  const at = (column: Column) => columns.indexOf(column);
  const join = (values: readonly string[]) => values.map((cell) => (needsQuotes(cell) ? quote(cell) : cell)).join(',');
  if (mutation.kind === 'none') return { line: join(cells), bad: false };
  if (mutation.kind === 'neutral') {
    const position = mutation.column % cells.length;
    const cell = cells[position] as string;
    if (mutation.how === 'pad') cells[position] = ` ${cell} `;
    if (mutation.how === 'quote') return { line: cells.map((value, index) => (index === position ? quote(value) : needsQuotes(value) ? quote(value) : value)).join(','), bad: false };
    const value = cells[at('value')] as string;
    const metric = row.cells.metric as string;
    // A count written as +n or n.0e0 is the same whole number.
    if (mutation.how === 'plus' && /^\d+$/.test(value)) cells[at('value')] = `+${value}`;
    if (mutation.how === 'exponent' && /^\d+$/.test(value) && ['views', 'likes', 'seed_users'].includes(metric)) cells[at('value')] = `${value}.0e0`;
    return { line: join(cells), bad: false };
  }
  if (mutation.kind === 'random') {
    const line = join(cells);
    const position = mutation.at % (line.length + 1);
    return { line: `${line.slice(0, position)}${mutation.insert}${line.slice(position + mutation.remove)}`.replace(/[\r\n]/g, ''), bad: undefined };
  }
  const dimensionColumn = columns.find((column) => !['time', 'metric', 'value'].includes(column));
  switch (mutation.how) {
    case 'value':
      cells[at('value')] = BAD_VALUES[mutation.pick % BAD_VALUES.length] as string;
      break;
    case 'sense': {
      const metric = row.cells.metric as string;
      const unit = FUZZ_WORKSPACE.metrics.get(metric)?.unit;
      const wrong = metric === 'follower_gain' ? '1.5' : unit === 'count' ? (mutation.pick % 2 === 0 ? '-1' : '2.5') : unit === 'ratio' ? (mutation.pick % 2 === 0 ? '1.5' : '-0.1') : unit === 'seconds' ? '-3' : undefined;
      cells[at('value')] = wrong ?? (BAD_VALUES[mutation.pick % BAD_VALUES.length] as string);
      break;
    }
    case 'time':
      cells[at('time')] = BAD_TIMES[mutation.pick % BAD_TIMES.length] as string;
      break;
    case 'metric':
      cells[at('metric')] = BAD_METRICS[mutation.pick % BAD_METRICS.length] as string;
      break;
    case 'channel':
      if (columns.includes('channel')) cells[at('channel')] = 'xhs-undefined';
      else cells[at('metric')] = 'made_up';
      break;
    case 'long':
    case 'control':
      if (dimensionColumn) cells[at(dimensionColumn)] = mutation.how === 'long' ? 'x'.repeat(257 + (mutation.pick % 100)) : `bad\u0001${mutation.pick}`;
      else cells[at('value')] = 'NaN';
      break;
    case 'extra-cell':
      cells.push(String(mutation.pick));
      break;
    case 'few-cells':
      return { line: join(cells.slice(0, 2)), bad: true };
    case 'open-quote':
      return { line: `"${join(cells)}`, bad: true };
  }
  return { line: join(cells), bad: true };
}

/** A file's bytes when its text uses only ASCII and the Chinese of DIMENSION_VALUES, in GB18030 (Node has no GB18030 encoder). */
export function encodeGb18030(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = GB_PAIRS.get(character);
    if (pair === undefined) return undefined;
    bytes.push(...pair);
  }
  return Uint8Array.from(bytes);
}

/** The two GB18030 bytes of each Chinese character the generators use, found by decoding every pair once. */
const GB_PAIRS = (() => {
  const wanted = new Set([...'国庆特辑短视频']);
  const pairs = new Map<string, [number, number]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe && pairs.size < wanted.size; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (wanted.has(character)) pairs.set(character, [lead, trail]);
    }
  }
  return pairs;
})();
