/*
 * The client's hand check of `flywheel status --format json` accepts and refuses exactly what
 * core's zod schema does: every field of a full report, made missing or of the wrong type.
 */
import { describe, expect, it } from 'vitest';
import { StatusReportSchema } from '../../core/report/status-report';
import { buildSampleReport } from './fixtures/sample-report';
import { parseStatusReport } from './status-report';

/** Every path to a value in a JSON tree. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...at, index], ...paths(item, [...at, index])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...at, key], ...paths(item, [...at, key])]);
  return [];
}

function replaced(report: unknown, path: (string | number)[], next: unknown): unknown {
  const copy = structuredClone(report) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (next === undefined) delete holder[last];
  else holder[last] = next;
  return copy;
}

const accepts = (json: unknown) => {
  try {
    parseStatusReport(JSON.stringify(json));
    return true;
  } catch {
    return false;
  }
};

describe('parseStatusReport', () => {
  it('agrees with the core schema on every field removed or given a wrong type', () => {
    const report = buildSampleReport();
    const allPaths = paths(report);
    expect(allPaths.length).toBeGreaterThan(50);
    expect(accepts(report)).toBe(true);
    let compared = 0;
    for (const path of allPaths) {
      for (const next of [undefined, 'text', 7, true, null, {}]) {
        const json = JSON.parse(JSON.stringify(replaced(report, path, next))) as unknown;
        expect(accepts(json), `${path.join('.')} → ${JSON.stringify(next)}`).toBe(StatusReportSchema.safeParse(json).success);
        compared += 1;
      }
    }
    expect(compared).toBe(allPaths.length * 6);
  });

  it('says where the shape is wrong', () => {
    expect(() => parseStatusReport('{"workspace":"w","at":"x","goals":[{"goal":"g"}],"checks":[],"nextPublishes":[]}')).toThrow(/goals\[0\]\.title: expected string/);
    expect(() => parseStatusReport('not json')).toThrow(/not JSON/);
  });
});
