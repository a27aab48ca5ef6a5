import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../cli/local-store';
import { runCli } from './support/run-cli';
import { beijingDay, generateDatacubeData } from './support/platform-servers/wechat-datacube';
import { startWeChatServer, type WeChatServer } from './support/platform-servers/wechat-server';

const DAY = 86_400_000;
const SECRET_VARIABLE = 'FLYWHEEL_SECRET_FLYWHEEL_WECHAT_MAIN';
let server: WeChatServer;
let root: string;
let dir: string;

const workspace = (origin: string) => `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: pull-ws }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: wechat-main, platform: wechat-oa, credentials: "secret:flywheel/wechat-main", instance: "${origin}" }
    - { id: wechat-other, platform: wechat-oa, credentials: "secret:flywheel/wechat-other" }
  sources:
    - { id: wechat-stats, channel: wechat-main }
    - { id: other-stats, channel: wechat-other }
`;

beforeAll(async () => {
  // The platform's data runs to today on the real clock: the CLI pulls "now".
  server = await startWeChatServer({ datacube: generateDatacubeData({ from: beijingDay(Date.now() - 60 * DAY), to: beijingDay(Date.now()) }) });
  root = mkdtempSync(join(tmpdir(), 'flywheel-pull-'));
  dir = join(root, 'playbooks');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'workspace.yaml'), workspace(server.origin));
});

afterAll(async () => {
  delete process.env[SECRET_VARIABLE];
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const pullJson = async (...extra: string[]) => {
  const run = await runCli(['pull', dir, '--format', 'json', ...extra], root);
  return { ...run, json: JSON.parse(run.stdout) as { sources: { id: string; status: string; points: number; new: number; message?: string }[] } };
};

describe('flywheel pull', () => {
  it('fills followers for every day of the default 7-day backfill, skips a source without local credentials, and a second pull adds nothing', async () => {
    process.env[SECRET_VARIABLE] = JSON.stringify({ appId: 'wx-test-app', appSecret: 'wechat-test-secret' });

    const first = await pullJson();

    expect(first.code).toBe(0);
    const [stats, other] = first.json.sources;
    expect(Object.keys(stats!).sort()).toEqual(['id', 'new', 'points', 'status', ...(stats!.message ? ['message'] : [])].sort());
    expect(stats).toMatchObject({ id: 'wechat-stats', status: 'ok' });
    expect(stats!.new).toBe(stats!.points);
    expect(other).toMatchObject({ id: 'other-stats', status: 'skipped', points: 0, new: 0, message: expect.stringContaining('FLYWHEEL_SECRET_FLYWHEEL_WECHAT_OTHER') });
    const local = await openLocalStore(dir);
    const followers = (await local.store.queryMetricPoints('followers', 0, Date.now())).filter((point) => point.channel === 'wechat-main');
    await local.close();
    // Seven days back from now, the last one yesterday (Beijing time).
    expect(followers.map((point) => beijingDay(point.time))).toEqual(Array.from({ length: 7 }, (_, index) => beijingDay(Date.now() - (7 - index) * DAY)));
    for (const point of followers) expect(point.value).toBe(server.datacube.followers.get(beijingDay(point.time))!.cumulateUsers);
    const calls = server.requests.length;

    const second = await pullJson();

    expect(second.code).toBe(0);
    expect(second.json.sources[0]).toMatchObject({ id: 'wechat-stats', status: 'ok', new: 0 });
    // Only the last stored day is read again: 2 article calls and 2 user calls.
    expect(server.requests.filter((request, index) => index >= calls && request.path.startsWith('/datacube/'))).toHaveLength(4);
  });

  it('fails the source by name with exit 1 and no stack trace when WeChat refuses the AppSecret', async () => {
    process.env[SECRET_VARIABLE] = JSON.stringify({ appId: 'wx-test-app', appSecret: 'reset-last-week' });

    const run = await pullJson('--source', 'wechat-stats');
    const text = await runCli(['pull', dir, '--source', 'wechat-stats', '--lang', 'zh-CN'], root);

    expect(run.code).toBe(1);
    expect(run.json.sources).toEqual([{ id: 'wechat-stats', status: 'failed', points: 0, new: 0, message: expect.stringMatching(/40125.*renew the AppSecret of channel wechat-main/) }]);
    expect(`${run.stderr}${text.stderr}${text.stdout}`).not.toMatch(/\n\s+at |internal error/);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('wechat-stats  失败');
  });

  it('refuses an unknown --source with usage and the ids it knows', async () => {
    const run = await runCli(['pull', dir, '--source', 'wechat-stat'], root);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wechat-stats, other-stats');
  });
});
