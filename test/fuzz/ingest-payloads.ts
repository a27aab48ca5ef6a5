/*
 * Generators for the ingest fuzz (test/fuzz/metrics-input.test.ts): JSON bodies written as raw text,
 * so tokens a JSON serializer never produces (1e999, 9007199254740993) reach the handler as a
 * client might send them; each point is good (with the point it must store) or bad for certain.
 */
import fc from 'fast-check';
import type { MetricPoint } from '../../core/index';

/** One point of a body: its JSON text and, when good, what it must store. */
export interface PayloadPoint {
  readonly json: string;
  readonly point?: MetricPoint;
}

const DAY_2026 = Date.UTC(2026, 0, 1);

const goodPoint = (metric: string): fc.Arbitrary<PayloadPoint> => fc.record({
  time: fc.integer({ min: DAY_2026, max: DAY_2026 + 27 * 86_400_000 }),
  iso: fc.boolean(),
  value: fc.oneof(
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }).map((value) => (Math.abs(value) < 1e-130 ? 0 : value)),
  ),
  channel: fc.option(fc.constantFrom('wechat-main', 'site', '抖音')),
  post: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((text) => !/[\u0000-\u001f\u007f]/.test(text) && text.trim() === text)),
}).map(({ time, iso, value, channel, post }) => {
  const stored = value === 0 ? 0 : value;
  const fields = [`"time":${iso ? JSON.stringify(new Date(time).toISOString()) : time}`, `"metric":"${metric}"`, `"value":${JSON.stringify(stored)}`];
  if (channel !== null) fields.push(`"channel":${JSON.stringify(channel)}`);
  if (post !== null) fields.push(`"post":${JSON.stringify(post)}`);
  return {
    json: `{${fields.join(',')}}`,
    point: { time, metric, value: stored, ...(channel !== null ? { channel } : {}), ...(post !== null ? { post } : {}) },
  };
});

const BAD_FIELDS: readonly (readonly [string, string])[] = [
  ['value', '1e308'], ['value', '9007199254740993'], ['value', '-9007199254740993'], ['value', '1e999'], ['value', '-1e999'], ['value', '1e-131'],
  ['value', '"7"'], ['value', 'null'], ['value', 'true'], ['value', '{}'], ['value', '[]'],
  ['time', '-1'], ['time', '1.5'], ['time', '"2026-02-30T00:00:00Z"'], ['time', '"yesterday"'], ['time', '1e20'], ['time', 'null'], ['time', '253402300800000'],
  ['metric', '""'], ['metric', '"Views"'], ['metric', '5'], ['metric', 'null'],
  ['channel', '""'], ['channel', '5'], ['channel', `"${'x'.repeat(300)}"`], ['channel', '"bad\\u0001"'], ['post', '"\\ud800"'], ['post', '" p1"'],
  ['colour', '"red"'],
];

/** A point that must be refused: a good one with one field replaced (or added). */
const badPoint = (metric: string): fc.Arbitrary<PayloadPoint> => fc.tuple(goodPoint(metric), fc.constantFrom(...BAD_FIELDS), fc.constantFrom('field', 'field', 'field', 'whole'))
  .map(([good, [field, token], how]) => {
    if (how === 'whole') return { json: ['5', 'null', '[]', '"point"'][token.length % 4] as string };
    const fields = JSON.parse(good.json) as Record<string, unknown>;
    delete fields[field];
    const rest = Object.entries(fields).map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
    return { json: `{${[...rest, `"${field}":${token}`].join(',')}}` };
  });

/** A body of 1-25 points, some bad; `metric` keeps each case's points apart in the store. */
export const payload = (metric: string): fc.Arbitrary<PayloadPoint[]> => fc.array(
  fc.oneof({ weight: 3, arbitrary: goodPoint(metric) }, { weight: 1, arbitrary: badPoint(metric) }),
  { minLength: 1, maxLength: 25, size: 'large' },
);

/** Bodies that are not a batch of points at all. */
export const garbageBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('{"points":{}}', '{"points":null}', '[1,2]', 'null', '{"points":[', '{"pts":[]}', '{"points":"x"}'),
  fc.array(fc.constant('{"time":1,"metric":"views","value":1}'), { minLength: 10_001, maxLength: 10_001 }).map((points) => `{"points":[${points.join(',')}]}`),
);
