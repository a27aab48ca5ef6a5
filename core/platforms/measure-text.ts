import { countGraphemes } from './graphemes';
import type { LengthUnit } from './types';
import { measureXWeightedLength } from './x-weighted-length';

function countCodePoints(text: string): number {
  let count = 0;
  for (const _character of text) count += 1;
  return count;
}

/** Computed from code points instead of TextEncoder so the hot path allocates nothing. */
function countUtf8Bytes(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x80) bytes += 1;
    else if (codePoint < 0x800) bytes += 2;
    else if (codePoint < 0x10000) bytes += 3; // lone surrogates encode as U+FFFD, also 3 bytes
    else bytes += 4;
  }
  return bytes;
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
      return countUtf8Bytes(text);
  }
}
