import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORM_LIMITS } from './platform-limits';
import type { PlatformLimits, Sourced } from './types';

const LIMITS_MD = readFileSync(new URL('./LIMITS.md', import.meta.url), 'utf8');
const HOW_TO_FIX = 'Update core/platforms/LIMITS.md (table row, and the Sources, notes and gaps section) to match limits-china.ts / limits-global.ts.';

function collectNumbers(limits: PlatformLimits): number[] {
  return [
    ...(limits.title ?? []), ...(limits.body ?? []), ...(limits.tagLength ?? []),
    limits.tagCount, limits.maxImages,
  ].flatMap((limit) => (limit === undefined ? [] : [limit.max]));
}

function collectSources(limits: PlatformLimits): string[] {
  const sourced: (Sourced | undefined)[] = [
    ...(limits.title ?? []), ...(limits.body ?? []), ...(limits.tagLength ?? []), limits.tagCount, limits.maxImages,
    limits.coverRequired, limits.videoRequired, limits.imageOrVideoRequired, limits.altTextRequired,
  ];
  return sourced.flatMap((limit) => (limit === undefined ? [] : [limit.source]));
}

function findTableRow(platform: string): string | undefined {
  return LIMITS_MD.split('\n').find((line) => line.startsWith(`| \`${platform}\` `));
}

/** Numbers as written in a row: thousands separators removed. */
function readNumbersInRow(row: string): number[] {
  return [...row.matchAll(/\d[\d,]*/g)].map((match) => Number(match[0].replaceAll(',', '')));
}

const sortUnique = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

describe('LIMITS.md', () => {
  for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
    it(`has a row for ${platform} with exactly the numbers of the data table`, () => {
      const row = findTableRow(platform);
      expect(row, `No table row for ${platform}. ${HOW_TO_FIX}`).toBeDefined();
      expect(sortUnique(readNumbersInRow(row ?? '')), `${platform} row: ${HOW_TO_FIX}`)
        .toEqual(sortUnique(collectNumbers(limits)));
    });

    it(`cites every source and lists every gap of ${platform}`, () => {
      for (const source of collectSources(limits)) {
        expect(LIMITS_MD.includes(source), `${platform}: source ${source} missing. ${HOW_TO_FIX}`).toBe(true);
      }
      for (const gap of limits.gaps) {
        expect(LIMITS_MD.includes(gap), `${platform}: gap "${gap}" missing. ${HOW_TO_FIX}`).toBe(true);
      }
    });
  }

  it('says official or community in every row that holds a limit, matching the data', () => {
    for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
      const row = findTableRow(platform) ?? '';
      const confidences = new Set(
        [
          ...(limits.title ?? []), ...(limits.body ?? []), ...(limits.tagLength ?? []), limits.tagCount, limits.maxImages,
          limits.coverRequired, limits.videoRequired, limits.imageOrVideoRequired, limits.altTextRequired,
        ].flatMap((limit) => (limit === undefined ? [] : [limit.confidence])),
      );
      for (const confidence of ['official', 'community'] as const) {
        expect(row.includes(confidence), `${platform} row and data disagree on "${confidence}". ${HOW_TO_FIX}`)
          .toBe(confidences.has(confidence));
      }
    }
  });
});
