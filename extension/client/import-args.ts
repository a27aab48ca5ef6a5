/** Where Import Metrics… sends rows: the cloud's ingest function when the status comes from AWS and its URL is set. */
export interface ImportTarget {
  readonly source: 'local' | 'aws';
  readonly ingestUrl?: string;
  readonly profile?: string;
  readonly region?: string;
}

/** The `flywheel metrics import` arguments for some CSV files: into the local store, or `--to` the stack's ingest URL. */
export function buildImportArgs(files: readonly string[], playbooksDir: string, lang: string, target: ImportTarget): { args: string[]; cloud: boolean } {
  const cloud = target.source === 'aws' && target.ingestUrl !== undefined && target.ingestUrl !== '';
  const where = cloud
    ? ['--to', target.ingestUrl as string, ...(target.region ? ['--region', target.region] : []), ...(target.profile ? ['--profile', target.profile] : [])]
    : ['--dir', playbooksDir];
  return { args: ['metrics', 'import', ...files, ...where, '--lang', lang], cloud };
}
