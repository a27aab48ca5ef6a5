import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildMetricCatalogue, compilePlan, evaluateGoal, folderFileProvider, indexPoints, parseMetricsCsv, readPlaybookFolder,
  validateWorkspace, type MetricPoint, type WorkspaceModel,
} from '../core/index';
import { simulate } from '../functions/engine/index';

const ROOT = join(import.meta.dirname, '..');
const PLAYBOOKS = join(ROOT, 'playbooks');
const CSV_PATH = join(PLAYBOOKS, 'metrics', 'sample-metrics.csv');
const GENERATOR = join(ROOT, 'scripts', 'generate-sample-metrics.mjs');

let model: WorkspaceModel;
let points: MetricPoint[];

beforeAll(() => {
  const { model: loaded, diagnostics } = validateWorkspace(readPlaybookFolder(PLAYBOOKS), folderFileProvider(PLAYBOOKS));
  expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  model = loaded;
  const parsed = parseMetricsCsv(readFileSync(CSV_PATH, 'utf8'));
  expect(parsed.problems).toEqual([]);
  points = parsed.points;
});

describe('the sample metrics of the sample workspace', () => {
  it('are exactly what the generator writes', () => {
    const generated = execFileSync(process.execPath, [GENERATOR, '--stdout'], { encoding: 'utf8' });
    const committed = readFileSync(CSV_PATH, 'utf8');
    expect(committed === generated, 'playbooks/metrics/sample-metrics.csv is out of date: run `node scripts/generate-sample-metrics.mjs`').toBe(true);
  });

  it('show on-track, at-risk and off-track key results for the cold-start goal on 2026-11-26', () => {
    const goal = model.goals.find((entry) => entry.value.metadata.name === 'phase-1-cold-start');
    const workspace = model.workspaces[0]?.value.spec;
    if (!goal || !workspace) throw new Error('the sample workspace lost its Workspace or goal phase-1-cold-start');

    const evaluation = evaluateGoal(
      goal.value.spec, workspace.timezone, indexPoints(points), buildMetricCatalogue(workspace.metrics), Date.parse('2026-11-26T00:05:00+08:00'),
    );

    const statusById = Object.fromEntries([...evaluation.keyResults].map(([id, keyResult]) => [id, keyResult.status]));
    const statuses = new Set(Object.values(statusById));
    expect([...statuses], JSON.stringify(statusById)).toEqual(expect.arrayContaining(['on-track', 'at-risk', 'off-track']));
  });

  it('fire the Douyin interaction, community churn and negative spike checks between 2026-11-15 and 2026-11-26', async () => {
    const plan = compilePlan(model, folderFileProvider(PLAYBOOKS));
    expect(plan.timezone).toBe('Asia/Shanghai');

    const events = await simulate(model, plan, {
      from: Date.parse('2026-11-15T00:00:00+08:00'), to: Date.parse('2026-11-26T23:59:00+08:00'), points,
    });

    const fired = new Set(events.flatMap((event) => (event.type === 'check.fired' ? [event.check] : [])));
    expect([...fired]).toEqual(expect.arrayContaining(['douyin-low-interaction', 'community-churn', 'negative-spike']));
  });
});
