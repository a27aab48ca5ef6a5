import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Job } from '../core/index';

/** Where the local mode keeps its state: `.flywheel/` beside the playbooks folder. */
export function stateFolder(playbooksDir: string): string {
  return join(dirname(playbooksDir), '.flywheel');
}

/**
 * The jobs last deployed by the local runner (`.flywheel/deployed-plan.json`), or none when
 * nothing was deployed yet.
 */
export async function loadDeployedJobs(playbooksDir: string): Promise<{ jobs: Job[]; source: string }> {
  const file = join(stateFolder(playbooksDir), 'deployed-plan.json');
  if (!existsSync(file)) return { jobs: [], source: 'empty' };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { jobs?: Job[] };
  return { jobs: parsed.jobs ?? [], source: '.flywheel/deployed-plan.json' };
}
