import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './support/run-cli';

const run = (argv: string[], options: { color?: boolean } = {}) => runCli(argv, REPO, options);

function workspaceWithMistakes(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-cli-'));
  writeFileSync(join(dir, 'workspace.yaml'), [
    'apiVersion: flywheel/v1',
    'kind: Workspace',
    'metadata: { name: ws }',
    'spec:',
    '  timezone: Asia/Shanghai',
    '  channels:',
    '    - { id: xhs-main, platform: xiaohongshu }',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'campaign.yaml'), [
    'apiVersion: flywheel/v1',
    'kind: Campaign',
    'metadata: { name: c1, title: 测试 }',
    'spec:',
    '  window: { start: 2027-01-01, end: 2027-01-31 }',
    '  posts:',
    '    - id: p1',
    '      at: 2027-01-10 20:00',
    '      channels: [xhs-mian]',
    '      title: 冬日小记',
    '',
  ].join('\n'));
  return dir;
}

describe('flywheel validate', () => {
  it('passes the sample workspace with exit 0', async () => {
    const result = await run(['validate', 'playbooks']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Checked \d+ files: no problems\./);
    expect(result.code).toBe(0);
  });

  it('prints each mistake like a compiler: file:line:col, severity, code, message, source line and caret', async () => {
    const dir = workspaceWithMistakes();
    const result = await run(['validate', dir]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const header = lines.find((line) => line.includes('flywheel/unknown-reference')) ?? '';
    expect(header).toMatch(/campaign\.yaml:9:18 error flywheel\/unknown-reference Unknown channel "xhs-mian".*Did you mean "xhs-main"\?/);
    expect(result.stdout).toContain('9 |       channels: [xhs-mian]');
    expect(result.stdout).toMatch(/\|\s{18}\^{8}\n/);
    expect(result.stdout).toMatch(/1 error, 0 warnings, 0 info in 2 files\./);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('colours output only when asked (a TTY)', async () => {
    const result = await run(['validate', workspaceWithMistakes()], { color: true });
    expect(result.stdout).toContain('\u001b[31merror\u001b[0m');
  });

  it('writes the JSON contract with --format json', async () => {
    const result = await run(['validate', workspaceWithMistakes(), '--format', 'json']);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['diagnostics']);
    expect(parsed.diagnostics).toHaveLength(1);
    const [diagnostic] = parsed.diagnostics;
    expect(Object.keys(diagnostic ?? {}).sort()).toEqual(['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    expect(diagnostic).toMatchObject({ line: 9, column: 18, endLine: 9, endColumn: 26, severity: 'error', code: 'flywheel/unknown-reference' });
    expect(String(diagnostic?.file)).toMatch(/campaign\.yaml$/);
  });

  it('speaks Chinese with --lang zh-CN and with a Chinese locale', async () => {
    const flagged = await run(['validate', workspaceWithMistakes(), '--lang', 'zh-CN']);
    expect(flagged.stdout).toContain('未知的渠道 "xhs-mian"');
    expect(flagged.stdout).toContain('1 个错误');
    const previous = process.env.LANG;
    process.env.LANG = 'zh_CN.UTF-8';
    try {
      const localized = await run(['validate', workspaceWithMistakes(), '--format', 'json']);
      expect(localized.stdout).toContain('是否应为 \\"xhs-main\\"');
    } finally {
      if (previous === undefined) delete process.env.LANG;
      else process.env.LANG = previous;
    }
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['validate', '--format', 'xml'])).code).toBe(2);
    expect((await run(['validate', '--lang', 'fr'])).code).toBe(2);
    expect((await run(['validate', '--bogus'])).code).toBe(2);
    expect((await run(['validate', 'no/such/folder'])).code).toBe(2);
    expect((await run(['validate', 'a', 'b'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('runs as the installed bin (the bundle built by npm run build)', () => {
    const result = spawnSync(process.execPath, [join(REPO, 'bin', 'flywheel.js'), 'validate', join(REPO, 'playbooks'), '--format', 'json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ diagnostics: [] });
  });
});
