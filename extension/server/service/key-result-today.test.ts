import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildMetricCatalogue, evaluateKeyResult, folderFileProvider, indexPoints, readPlaybookFolder, resolveGoalContext, validateWorkspace,
} from '../../../core/index';
import { describeKeyResultToday } from './key-result-today';

const PLAYBOOKS = join(import.meta.dirname, '..', '..', '..', 'playbooks');
const { model } = validateWorkspace(readPlaybookFolder(PLAYBOOKS), folderFileProvider(PLAYBOOKS));
const goalNamed = (name: string) => {
  const goal = model.goals.find((entry) => entry.name === name)?.value.spec;
  if (!goal) throw new Error(`no goal ${name}`);
  return goal;
};
const phase1 = goalNamed('phase-1-cold-start');
const phase2 = goalNamed('phase-2-growth');
const keyResult = (goal: typeof phase1, id: string) => {
  const found = goal.keyResults.find((item) => item.id === id);
  if (!found) throw new Error(`no key result ${id}`);
  return found;
};
// 20 November 2026 at 12:00 in Shanghai: 50.5 of phase 1's 92 days.
const NOW = Date.parse('2026-11-20T12:00:00+08:00');

describe('the hover\'s expected value today', () => {
  it('is the expected value goal status uses, as a whole number for a count, with its progress', () => {
    const seeds = keyResult(phase1, 'seed-users');
    const context = resolveGoalContext(phase1, 'Asia/Shanghai');
    const catalogue = buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics);
    const evaluation = evaluateKeyResult(seeds, context, indexPoints([{ time: NOW - 1000, metric: 'seed_users', value: 300 }]), catalogue, NOW);
    const zh = describeKeyResultToday(model, phase1, seeds, NOW, 'zh-CN');
    // 1,000 × 50.5 / 92 = 548.9: the same expected value, shown as 549 people.
    expect(evaluation.expected).toBeCloseTo(548.9, 1);
    expect(zh).toContain('今天（2026-11-20）应达：**549**（进度 54.89%），路径从 0（2026-10-01）到 ≥ 1,000（2026-12-31）。');
    const en = describeKeyResultToday(model, phase1, seeds, NOW, 'en');
    expect(en).toContain('Expected today (2026-11-20): **549** (progress 54.89%), on the path from 0 (2026-10-01) to ≥ 1,000 (2026-12-31).');
  });

  it('calls a key result without a baseline a level to hold, with its target by unit', () => {
    const rate = keyResult(phase2, 'interaction-rate');
    expect(describeKeyResultToday(model, phase2, rate, Date.parse('2027-04-01T12:00:00+08:00'), 'zh-CN')).toContain('保持水平：当前值 ≥ 5% 时为已达成，否则为偏离');
    expect(describeKeyResultToday(model, phase2, rate, Date.parse('2027-04-01T12:00:00+08:00'), 'en')).toContain('A level to hold: achieved while the value is ≥ 5%');
  });

  it('describes a per-post key result in words, with no English in Chinese', () => {
    const viral = keyResult(phase2, 'viral-posts');
    const zh = describeKeyResultToday(model, phase2, viral, NOW, 'zh-CN') ?? '';
    expect(zh).toContain('按月统计');
    expect(zh).toContain('≥ 1,000,000');
    expect(zh.replace(/\*\*[^*]+\*\*/, '')).not.toMatch(/[A-Za-z]/);
  });
});
