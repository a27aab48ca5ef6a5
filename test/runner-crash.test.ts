import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLocal } from '../core/index';
import { runFlywheel, startFlywheel, writeFolder } from './support/flywheel-process';
import { startHttpServer } from './support/platform-servers/http-server';

const ZONE = 'Asia/Shanghai';

function workspaceFiles(origin: string, postAt: number): Record<string, string> {
  const day = (offset: number) => formatLocal(postAt + offset * 86_400_000, ZONE).slice(0, 10);
  return {
    'ws/workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: crash }
spec:
  timezone: ${ZONE}
  channels:
    - { id: hook, platform: webhook, instance: "${origin}/posts", title: 官网推送 }
  notify:
    - { id: ops, type: webhook, url: "${origin}/notify" }
`,
    'ws/campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch, title: 新品上市 }
spec:
  window: { start: ${day(-1)}, end: ${day(1)} }
  posts:
    - { id: teaser, at: "${formatLocal(postAt, ZONE)}", channels: [hook], title: 新品预告, body: 明天见 }
`,
    'ws/sop.yaml': `apiVersion: flywheel/v1
kind: SOP
metadata: { name: unconfirmed-response, title: 发布结果未知处置 }
spec:
  trigger: { event: post.unconfirmed }
  steps:
    - { id: check, notify: [ops], message: 请到平台后台核对是否已发出 }
`,
  };
}

describe('flywheel run killed while the platform holds a post', () => {
  it('does not send that post again after a restart: it becomes unconfirmed, alerts and starts its SOPs', async () => {
    // Prepare: a post due three minutes ago; the platform will hold the first request and never answer it.
    const server = await startHttpServer(() => ({ status: 200, body: { id: 'remote-1' } }));
    server.inject({ kind: 'hang' }, 1, '/posts');
    const postAt = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 60_000;
    const root = writeFolder(workspaceFiles(server.origin, postAt), 'flywheel-crash-');
    try {
      const first = await runFlywheel(['run', 'ws', '--once', '--lang', 'en'], root);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      // The runner was last running before the post's minute (as if it had stopped then), so it catches up now.
      writeFileSync(join(root, 'ws', '.flywheel', 'runner.json'), JSON.stringify({ lastTickAt: postAt - 5 * 60_000 }));

      // Act: start the runner; once the platform holds the request, kill it with SIGKILL; start again.
      const runner = startFlywheel(['run', 'ws', '--lang', 'en'], root);
      for (let waited = 0; server.requests.filter((request) => request.path === '/posts').length === 0; waited += 50) {
        if (waited > 60_000 || runner.child.exitCode !== null) throw new Error(`the post was never sent:\n${runner.output.stdout}\n${runner.output.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      runner.child.kill('SIGKILL');
      await runner.exited;
      const restarted = await runFlywheel(['run', 'ws', '--once', '--lang', 'en'], root);

      // Assess: one request ever reached the platform; the restart says unconfirmed, alerts and runs the SOP.
      expect(restarted.stderr).toBe('');
      expect(restarted.code).toBe(0);
      expect(server.requests.filter((request) => request.path === '/posts')).toHaveLength(1);
      expect(restarted.stdout).toMatch(/unconfirmed "新品预告" \(新品上市\) → 官网推送: 认领这条内容的运行器（flywheel run，进程 \d+，主机 .+，启动于 .+ Asia\/Shanghai）在得知发送结果前已停止/);
      const notes = server.requests.filter((request) => request.path === '/notify').map((request) => request.body);
      expect(notes.some((body) => body.includes('发布结果未知') && body.includes('不会自动重发'))).toBe(true);
      expect(notes.some((body) => body.includes('请到平台后台核对是否已发出'))).toBe(true);

      // A further start leaves it as it is.
      const again = await runFlywheel(['run', 'ws', '--once', '--lang', 'en'], root);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toMatch(/unconfirmed "新品预告"/);
      expect(server.requests.filter((request) => request.path === '/posts')).toHaveLength(1);
      expect(readFileSync(join(root, 'ws', '.flywheel', 'workspace.json'), 'utf8')).toContain('"workspace": "crash"');
    } finally {
      await server.close();
    }
  }, 180_000);
});
