import { countGraphemes } from './graphemes';
import type { LengthUnit } from './types';
import { measureXWeightedLength } from './x-weighted-length';

function countCodePoints(text: string): number {
  let count = 0;
  for (const _character of text) count += 1;
  return count;
}

/** Measures text in the unit a platform counts in. */
export function measureText(text: string, unit: LengthUnit): number {
  switch (unit) {
    case 'characters':
      return countCodePoints(text);
    case 'graphemes':
      return countGraphemes(text);
    case 'x-weighted':
      return measureXWeightedLength(text);
    case 'utf8-bytes':
      return Buffer.byteLength(text, 'utf8');
  }
}
