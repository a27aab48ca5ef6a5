/** Writes the benchmark workspace (see generate-workspace.mjs) and returns what it holds. */
export function generateWorkspace(options: {
  out: string; posts?: number; campaigns?: number; counts?: readonly number[]; seed?: number; imageKb?: number; videoKb?: number;
}): { out: string; files: number; yamlFiles: number; yamlBytes: number; allBytes: number; posts: number };
