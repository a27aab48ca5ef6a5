/*
 * Chinese first: what a zh-CN reader gets has no English left in it. The glossary has a Chinese
 * term for every concept, every diagnostic of the validator corpus has a Chinese message, and the
 * sample workspace simulated with --lang zh-CN (timeline and the notifications it sends) has no
 * ASCII word besides product names, the zone and ids of things that have no title.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AB_VERDICT_TEXT, CHECK_EVENT_TEXT, EVENT_TEXT, GOAL_STATUS_TEXT, POST_OUTCOME_TEXT, SEVERITY_TEXT, TERMS, compilePlan, createNameBook, folderFileProvider,
  loadWorkspace, parseMetricsCsv, readPlaybookFolder, validateWorkspace, type LocalizedText,
} from '../core/index';
import { NOT_APPROVED_REASON, simulate } from '../functions/engine/index';
import { describeEvent } from '../cli/commands/timeline';
import { GLOSSARY_PAGE, renderGlossaryPage } from '../scripts/docs/glossary-page';

const ROOT = join(import.meta.dirname, '..');
const CJK = /[\u3400-\u9fff]/;
/** Terms that are the same word in Chinese (a product term, not an untranslated string). */
const SAME_IN_BOTH = new Set(['SOP']);
/** ASCII words a Chinese reader may meet: product names, the time scale, the brand of the sample. */
const PRODUCT_WORDS = new Set(['SOP', 'A/B', 'UTC', 'ACME', 'B']);

const TABLES: Record<string, Record<string, LocalizedText>> = {
  TERMS, GOAL_STATUS_TEXT, SEVERITY_TEXT, POST_OUTCOME_TEXT, CHECK_EVENT_TEXT, EVENT_TEXT, AB_VERDICT_TEXT, NOT_APPROVED_REASON: { reason: NOT_APPROVED_REASON },
};

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)]));
}

describe('Chinese first', () => {
  it('every glossary term has a Chinese form of its own', () => {
    for (const [table, entries] of Object.entries(TABLES)) {
      for (const [key, entry] of Object.entries(entries)) {
        expect(entry.zh.trim(), `${table}.${key}`).not.toBe('');
        if (SAME_IN_BOTH.has(entry.zh)) continue;
        expect(entry.zh, `${table}.${key}: the zh form is the English one`).not.toBe(entry.en);
        expect(entry.zh, `${table}.${key}: no Chinese in the zh form`).toMatch(CJK);
      }
    }
  });

  it('the extension says each goal status with the glossary\'s word', () => {
    const bundle = JSON.parse(readFileSync(join(ROOT, 'extension', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    for (const [status, entry] of Object.entries(GOAL_STATUS_TEXT)) expect(bundle[entry.en], `${status}: extension/l10n/bundle.l10n.zh-cn.json`).toBe(entry.zh);
  });

  it('docs/glossary.md is the glossary of core/i18n/glossary.ts', () => {
    expect(readFileSync(join(ROOT, GLOSSARY_PAGE), 'utf8'), `${GLOSSARY_PAGE} is stale: run \`npm run docs\` and commit the result`).toBe(renderGlossaryPage());
  });

  it('every diagnostic of the validator fixtures says it in Chinese, quick fixes included', () => {
    const fixtures = join(ROOT, 'test', 'fixtures', 'validate');
    const readTree = (dir: string) => new Map(listFiles(dir).map((file) => [relative(dir, file).split(sep).join('/'), readFileSync(file)]));
    const base = readTree(join(fixtures, '_base'));
    const untranslated: string[] = [];
    for (const name of readdirSync(fixtures).filter((entry) => entry !== '_base' && statSync(join(fixtures, entry)).isDirectory())) {
      const files = new Map([...base, ...readTree(join(fixtures, name))]);
      const inputs = [...files].filter(([path]) => /\.ya?ml$/.test(path)).map(([path, bytes]) => ({ path, bytes }));
      for (const diagnostic of validateWorkspace(inputs, { readFile: (path) => files.get(path) }).diagnostics) {
        if (!CJK.test(diagnostic.message.zh)) untranslated.push(`${name}: ${diagnostic.code}: ${diagnostic.message.zh}`);
        for (const fix of diagnostic.fixes ?? []) if (!CJK.test(fix.title.zh)) untranslated.push(`${name}: fix of ${diagnostic.code}: ${fix.title.zh}`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('the sample workspace simulated in zh-CN names things by title and leaves no English', async () => {
    // Prepare
    const playbooks = join(ROOT, 'playbooks');
    const { model, diagnostics } = validateWorkspace(readPlaybookFolder(playbooks), folderFileProvider(playbooks));
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const plan = compilePlan(model, folderFileProvider(playbooks));
    const { points } = parseMetricsCsv(readFileSync(join(playbooks, 'metrics', 'sample-metrics.csv'), 'utf8'));
    // Ids a person may meet: of things that have no title to show instead.
    const workspace = model.workspaces[0]?.value.spec;
    const untitled = new Set<string>([
      plan.timezone,
      ...model.sops.flatMap((entry) => entry.value.spec.steps.map((step) => step.id)),
      ...(workspace?.notify ?? []).map((target) => target.id),
      ...(workspace?.channels ?? []).filter((channel) => channel.title === undefined).map((channel) => channel.id),
      ...model.campaigns.flatMap((entry) => (entry.value.spec.posts ?? []).flatMap((post) => (post.variants ?? []).map((variant) => variant.id))),
    ]);
    // Act
    const events = await simulate(model, plan, { from: Date.parse('2026-11-15T00:00:00+08:00'), to: Date.parse('2027-02-20T23:59:00+08:00'), points });
    const names = createNameBook(model, 'zh-CN');
    const lines = events.map((event) => describeEvent(event, plan.timezone, 'zh-CN', names));
    // Assess: a notification of each kind went out, and no line has an ASCII word outside the allowed ones.
    expect([...new Set(events.map((event) => event.type))]).toEqual(expect.arrayContaining(['notify', 'post.publish', 'check.fired', 'check.resolved', 'goal.status', 'sop.step', 'ab.verdict']));
    // A command a message tells people to run (flywheel resume --release) is code, not English prose.
    const english = lines.flatMap((line) => [...line.replace(/\bflywheel [a-z]+(?: --[a-z-]+)*/g, '').matchAll(/[A-Za-z][A-Za-z0-9_./-]*/g)]
      .map((match) => match[0])
      .filter((word) => !PRODUCT_WORDS.has(word) && !untitled.has(word))
      .map((word) => `${word} in: ${line}`));
    expect(english.slice(0, 10)).toEqual([]);
  });

  it('notifications follow the workspace language, not the reader\'s', async () => {
    const workspace = (language: string) => `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: lang }
spec:
  timezone: Asia/Shanghai
  language: ${language}
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
---
apiVersion: flywheel/v1
kind: Check
metadata: { name: spike, title: Negative spike }
spec:
  schedule: rate(1 hour)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  notify: [ops]
`;
    const at = Date.parse('2027-01-05T15:00:00+08:00');
    const messages = async (language: string) => {
      const { model } = loadWorkspace([{ path: 'workspace.yaml', bytes: new TextEncoder().encode(workspace(language)) }]);
      const events = await simulate(model, compilePlan(model, { readFile: () => undefined }), {
        from: at, to: at + 3_600_000, points: [{ time: at - 1_800_000, metric: 'negative_mentions', value: 30 }, { time: at + 1_800_000, metric: 'negative_mentions', value: 1 }],
      });
      return events.flatMap((event) => (event.type === 'notify' ? [event.message] : []));
    };
    expect(await messages('zh-CN')).toEqual(['检查触发：Negative spike。当前负面提及量 30（触发条件：> 20）。', '已恢复：Negative spike。负面提及量已回到 1。']);
    expect(await messages('en')).toEqual(['Check fired: Negative spike. Negative mentions is 30 (it fires when > 20).', 'Resolved: Negative spike. Negative mentions is back at 1.']);
  });
});
