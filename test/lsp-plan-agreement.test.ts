/*
 * The editor's "next runs" of a campaign post agree with `flywheel plan`: for every post of the
 * sample workspace and of a campaign written to be awkward (its own zones, a window that starts
 * mid-week, rates, at() schedules, a daylight-saving change), the first run the code lens and the
 * hover show is the plan's first publish job of that post, in both languages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarkupContent } from 'vscode-languageserver-types';
import { compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace, type InputFile, type Lang, type PublishJob } from '../core/index';
import { codeLenses, hover } from '../extension/server/service/index';
import { formatRun } from '../extension/server/service/schedule-text';

const PLAYBOOKS = join(import.meta.dirname, '..', 'playbooks');

const AWKWARD = `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: awkward }
spec:
  window: { start: 2027-03-10, end: 2027-04-20 }
  posts:
    - id: weekdays
      schedule: cron(0 12 ? * MON-FRI *)
      channels: [wecom-community]
      title: 工作日
    - id: new-york-morning
      schedule: cron(30 8 ? * SUN *)
      timezone: America/New_York
      channels: [wecom-community]
      title: 纽约周日
    - id: every-three-days
      schedule: rate(3 days)
      channels: [wecom-community]
      title: 每三天
    - id: once-by-expression
      schedule: at(2027-04-01T10:00:00)
      channels: [wecom-community]
      title: 一次
    - id: one-time
      at: 2027-03-15 20:00
      channels: [wecom-community]
      title: 一次性
    - id: london-late
      schedule: cron(0 23 ? * TUE *)
      timezone: Europe/London
      channels: [wecom-community]
      title: 伦敦周二晚
`;

interface Case {
  readonly path: string;
  readonly text: string;
  readonly campaign: string;
  readonly post: string;
  readonly line: number;
  readonly character: number;
}

function workspace(): { inputs: InputFile[]; files: ReturnType<typeof folderFileProvider> } {
  const inputs = readPlaybookFolder(PLAYBOOKS);
  return { inputs: [...inputs, { path: 'campaigns/awkward.yaml', bytes: new TextEncoder().encode(AWKWARD) }], files: folderFileProvider(PLAYBOOKS) };
}

const { inputs, files } = workspace();
const { model, diagnostics } = validateWorkspace(inputs, files);
const plan = compilePlan(model, files);

const cases: Case[] = model.campaigns.flatMap((entry) => {
  const text = entry.file.path === 'campaigns/awkward.yaml' ? AWKWARD : readFileSync(join(PLAYBOOKS, entry.file.path), 'utf8');
  return (entry.value.spec.posts ?? []).map((post) => {
    const span = entry.span(post, [post.schedule !== undefined ? 'schedule' : 'at']);
    return { path: entry.file.path, text, campaign: entry.name, post: post.id, line: span.line - 1, character: span.column };
  });
});

function firstJob(campaign: string, post: string): PublishJob | undefined {
  const jobs = plan.jobs.filter((job): job is PublishJob => job.kind === 'publish' && job.campaign === campaign && job.post === post);
  return jobs.sort((a, b) => a.at - b.at)[0];
}

describe('code lens and hover show the plan\'s first run of each campaign post', () => {
  it('validates the workspace clean and covers posts of every kind', () => {
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(cases.length).toBeGreaterThan(15);
  });

  const now = Date.UTC(2026, 0, 1);
  for (const lang of ['en', 'zh-CN'] as Lang[]) {
    it.each(cases.map((item) => [`${item.campaign}/${item.post} (${lang})`, item] as const))('%s', (_name, item) => {
      const job = firstJob(item.campaign, item.post);
      if (!job) throw new Error(`the plan has no publish job for ${item.campaign}/${item.post}`);
      const expected = formatRun(job.at, job.zone, lang);

      const lens = codeLenses(item.text, { lang, now, model, path: item.path }).find((candidate) => candidate.range.start.line === item.line);
      const lensTitle = lens?.command?.title ?? '';
      const lensRuns = /(?:first runs |首次运行：|Publishes |发布时间：)(\d{4}-\d{2}-\d{2} \d{2}:\d{2} [^\s（]+)/.exec(lensTitle)?.[1];
      expect(lensRuns, lensTitle).toBe(expected);
      expect(lensTitle).toContain(job.zone);

      const shown = hover(item.text, { line: item.line, character: item.character }, { lang, now, model, path: item.path });
      const value = (shown?.contents as MarkupContent | undefined)?.value ?? '';
      const firstInHover = /(?:^- |发布时间：|Publishes )(\d{4}-\d{2}-\d{2} \d{2}:\d{2} [^\s（]+)/m.exec(value)?.[1];
      expect(firstInHover, value).toBe(expected);
    });
  }
});
