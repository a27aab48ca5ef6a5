/** mulberry32: a tiny seeded PRNG (see seeded-random.mjs). */
export function mulberry32(seed: number): () => number;
