/*
 * `flywheel metrics import` as a user runs it on spreadsheet exports (issue 11.6, spec v1.1): huge
 * values, columns in any order, GB18030 files, undefined metrics and channels, posts outside the
 * playbooks, a second import of the same rows.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'flywheel-import-'));
  mkdirSync(join(root, 'playbooks'));
  writeFileSync(join(root, 'playbooks', 'workspace.yaml'), `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: import-ws }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: wechat-main, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  metrics:
    - { id: repurchase_rate, unit: ratio, aggregate: last }
---
apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch }
spec:
  window: { start: 2026-10-01, end: 2026-10-31 }
  posts:
    - { id: p1, at: "2026-10-02 09:00", channels: [wechat-main], title: 上线, body: 你好 }
`);
  return root;
}

describe('flywheel metrics import: rows the store cannot hold exactly', () => {
  it('reports 1e308, 9007199254740993, NaN and Infinity by file:line without an internal error, and stores the good rows', async () => {
    // Prepare
    const root = workspace();
    writeFileSync(join(root, 'big.csv'), [
      'time,metric,value',
      '2026-10-01T09:00:00+08:00,views,1e308',
      '2026-10-01T10:00:00+08:00,likes,9007199254740993',
      '2026-10-01T11:00:00+08:00,likes,NaN',
      '2026-10-01T12:00:00+08:00,likes,Infinity',
      '2026-10-01T13:00:00+08:00,likes,5',
      '2026-10-01T14:00:00+08:00,likes,9007199254740991',
    ].join('\n'));
    // Act
    const result = await runCli(['metrics', 'import', 'big.csv', '--lang', 'en'], root);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/internal error|StoreError|\n\s+at /);
    expect(result.stderr.trim().split('\n').map((line) => line.split(': error ')[0])).toEqual(['big.csv:2', 'big.csv:3', 'big.csv:4', 'big.csv:5']);
    expect(result.stderr).toContain('big.csv:2: error 1e308 is larger than the store holds exactly (at most 9,007,199,254,740,991 either side of zero).');
    expect(result.stdout).toBe('big.csv: imported 2 point(s), skipped 4 bad row(s).\n');
  });
});

describe('flywheel metrics import: spec v1.1', () => {
  it('reads columns by name, refuses undefined metrics and channels by line, lists outside posts once, and says "already present" for repeats, in Chinese too', async () => {
    // Prepare: columns in another order, a post and a campaign the playbooks do not define.
    const root = workspace();
    writeFileSync(join(root, 'export.csv'), [
      'post,value,metric,time,channel,campaign',
      'p1,1200,views,2026-10-02T21:00:00+08:00,wechat-main,launch',
      'outside-post,300,views,2026-10-03T21:00:00+08:00,wechat-main,spring',
      'outside-post,310,views,2026-10-04T21:00:00+08:00,wechat-main,spring',
      ',12,leads_typo,2026-10-04T21:00:00+08:00,wechat-main,',
      ',12,leads,2026-10-04T21:00:00+08:00,douyin-main,',
      ',350,repurchase_rate,2026-10-04T21:00:00+08:00,,',
      ',35%,repurchase_rate,2026-10-05T21:00:00+08:00,,',
    ].join('\n'));
    // Act
    const first = await runCli(['metrics', 'import', 'export.csv', '--lang', 'en'], root);
    const again = await runCli(['metrics', 'import', 'export.csv', '--lang', 'zh-CN'], root);
    // Assess
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('export.csv:5: error Metric "leads_typo" is not defined in the workspace');
    expect(first.stderr).toContain('export.csv:6: error Channel "douyin-main" is not defined in the workspace');
    expect(first.stderr).toContain('export.csv:7: error repurchase_rate is a ratio between 0 and 1: 350 is outside it');
    expect(first.stdout).toBe([
      'export.csv: imported 4 point(s), skipped 3 bad row(s).',
      'Kept rows of 1 campaign(s) the playbooks do not define: spring.',
      'Kept rows of 1 post(s) the playbooks do not define: outside-post.',
      '',
    ].join('\n'));
    expect(again.stdout).toBe([
      'export.csv：导入 0 个数据点，4 个已存在，跳过 3 行错误数据。',
      '已保留剧本中未定义的 1 个营销活动的数据：spring。',
      '已保留剧本中未定义的 1 个内容的数据：outside-post。',
      '',
    ].join('\n'));
    expect(again.stderr).toContain('export.csv:5: error 指标“leads_typo”未在工作区中定义');

    // A corrected value for a stored point is an update, not a new point.
    writeFileSync(join(root, 'fix.csv'), 'time,metric,value,channel,campaign,post\n2026-10-02T21:00:00+08:00,views,1250,wechat-main,launch,p1\n');
    const fix = await runCli(['metrics', 'import', 'fix.csv', '--lang', 'en'], root);
    expect(fix.stdout).toBe('fix.csv: imported 0 point(s), updated 1 with a new value.\n');
    expect(fix.code).toBe(0);
  });

  it('reads a GB18030 file as Excel in China saves it and says so; refuses a file that is neither UTF-8 nor Chinese text with the advice', async () => {
    const root = workspace();
    // "时间" is not a column name, but the posts are: 上线 (p1) is not, 中秋 is kept and listed.
    const gb = Buffer.concat([Buffer.from('time,metric,value,post\n2026-10-02T21:00:00+08:00,views,5,'), Buffer.from([0xd6, 0xd0, 0xc7, 0xef]), Buffer.from('\n')]);
    writeFileSync(join(root, 'gbk.csv'), gb);
    writeFileSync(join(root, 'latin1.csv'), Buffer.concat([Buffer.from('time,metric,value,post\n2026-10-02T21:00:00+08:00,views,5,caf'), Buffer.from([0xe9, 0x0a])]));
    const result = await runCli(['metrics', 'import', 'gbk.csv', 'latin1.csv', '--lang', 'en'], root);
    expect(result.stdout).toContain('gbk.csv (GB18030): imported 1 point(s).');
    expect(result.stdout).toContain('Kept rows of 1 post(s) the playbooks do not define: 中秋.');
    expect(result.stderr).toContain('latin1.csv:2: error The file is neither UTF-8 nor GB18030/GBK (line 2). Save the file as "CSV UTF-8"');
    expect(result.code).toBe(1);
  });

  it('refuses a header with unknown columns, naming them, and reads nothing of that file', async () => {
    const root = workspace();
    writeFileSync(join(root, 'wrong.csv'), 'date,metric,value,reads\n2026-10-02T21:00:00+08:00,views,5,1\n');
    const result = await runCli(['metrics', 'import', 'wrong.csv', '--lang', 'en'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('wrong.csv:1: error Unknown column(s) "date", "reads": the columns are time,metric,value,channel,campaign,post,variant,content_type. No row of this file was read.\n');
  });
});
