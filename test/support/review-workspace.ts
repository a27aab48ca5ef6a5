/*
 * A copy of the sample workspace whose local store holds what `flywheel run` would have recorded
 * over two weeks of December 2026 (the engine's events, from a simulation) plus the numbers of two
 * published articles: the input of the review tests.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePlan, folderFileProvider, parseMetricsCsv, readPlaybookFolder, validateWorkspace, type MetricPoint } from '../../core/index';
import { openLocalStore } from '../../cli/local-store';
import { simulate } from '../../functions/engine/index';
import { REPO } from './run-cli';

const at = (local: string) => Date.parse(`${local}:00+08:00`);

/** Daily numbers of a published article, as a metrics import would bring them. */
function articleNumbers(post: string, variant: string, first: string, views: number[]): MetricPoint[] {
  return views.flatMap((count, day) => {
    const time = at(first) + day * 86_400_000;
    const where = { channel: 'wechat-main', campaign: 'user-stories', post, variant };
    return [
      { time, metric: 'views', value: count, ...where },
      { time, metric: 'likes', value: Math.round(count * 0.04), ...where },
      { time, metric: 'shares', value: Math.round(count * 0.01), ...where },
    ];
  });
}

/** Makes the workspace in a new temporary folder; returns its root and playbooks folder. */
export async function createReviewWorkspace(): Promise<{ root: string; dir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'flywheel-report-'));
  const dir = join(root, 'playbooks');
  cpSync(join(REPO, 'playbooks'), dir, { recursive: true });
  const { model } = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const plan = compilePlan(model, folderFileProvider(dir));
  const points = [
    ...parseMetricsCsv(readFileSync(join(dir, 'metrics', 'sample-metrics.csv'), 'utf8')).points,
    ...articleNumbers('story-01-bakery', 'a', '2026-12-04 08:00', [5200, 2100, 900, 400]),
    ...articleNumbers('story-02-night-nurse', 'a', '2026-12-11 08:00', [12800, 6100]),
    ...articleNumbers('story-02-night-nurse', 'b', '2026-12-11 08:00', [9100, 3900]),
  ];
  const events = await simulate(model, plan, { from: at('2026-12-01 00:00'), to: at('2026-12-13 23:59'), points });
  const local = await openLocalStore(dir);
  try {
    await local.store.putMetricPoints(points);
    for (const event of events) await local.store.appendEvent({ at: event.at, type: event.type, detail: JSON.parse(JSON.stringify(event)) });
  } finally {
    await local.close();
  }
  return { root, dir };
}
