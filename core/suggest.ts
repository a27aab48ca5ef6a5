import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate to a misspelt name, or undefined when nothing is close enough to be a
 * plausible typo (at most a third of the name's length in edits, and never more than 3).
 */
export function suggestClosest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const candidateLower = candidate.toLowerCase();
    const edits = candidateLower === lower ? 0.5 : distance(lower, candidateLower);
    if (edits < bestDistance) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
