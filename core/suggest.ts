/**
 * Edit distance counting a swap of two neighbouring characters as one edit (optimal string
 * alignment), since transposed letters are the most common typo in ids.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i += 1) table[i * cols] = i;
  for (let j = 0; j < cols; j += 1) table[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((table[(i - 1) * cols + j] as number) + 1, (table[i * cols + j - 1] as number) + 1, (table[(i - 1) * cols + j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (table[(i - 2) * cols + j - 2] as number) + 1);
      table[i * cols + j] = best;
    }
  }
  return table[rows * cols - 1] as number;
}

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
    // A name that is the start of a candidate (wechat → wechat-oa) is as good as one typo.
    const prefix = lower.length >= 3 && (candidateLower.startsWith(lower) || lower.startsWith(candidateLower));
    // Skip the full computation when lengths alone rule the candidate out.
    if (!prefix && Math.abs(candidateLower.length - lower.length) > limit) continue;
    const edits = candidateLower === lower ? 0.5 : prefix ? 1 : editDistance(lower, candidateLower);
    if (edits < bestDistance) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
