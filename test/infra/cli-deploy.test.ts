import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDeploy, type DeployDeps } from '../../cli/commands/deploy';
import type { CliIo } from '../../cli/output';
import { REPO, runCli } from '../support/run-cli';

const FAKE_CDK = join(import.meta.dirname, 'fake-cdk.mjs');

/** A project folder like the repository: cdk.json beside a copy of the sample playbooks. */
function makeProject(): { root: string; log: string } {
  const root = mkdtempSync(join(tmpdir(), 'flywheel-deploy-'));
  cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true });
  writeFileSync(join(root, 'cdk.json'), readFileSync(join(REPO, 'cdk.json')));
  return { root, log: join(root, 'fake-cdk.log') };
}

function calls(log: string): { argv: string[]; cwd: string }[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[]; cwd: string }) : [];
}

async function deploy(argv: string[], cwd: string, deps: Partial<DeployDeps> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (chunk) => { stdout += chunk; }, err: (chunk) => { stderr += chunk; }, color: false, cwd };
  // The real spawn path, with a fake CDK CLI as the program: a real child process, no AWS.
  const code = await runDeploy(argv, io, { cdkCommand: [process.execPath, FAKE_CDK], ...deps });
  return { code, stdout, stderr };
}

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('flywheel deploy', () => {
  it('shows the plan, runs cdk deploy for the folder with --yes, and records what was deployed', async () => {
    // Prepare
    const { root, log } = makeProject();
    process.env.FAKE_CDK_LOG = log;
    // Act
    const first = await deploy(['playbooks', '--yes', '--alarm-email', 'ops@example.com', '--', '--profile', 'ops'], root);
    // Assess
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/compared with nothing deployed to AWS from here yet/);
    expect(first.stdout).toMatch(/^ {2}\+ publish +\d{4}-\d\d-\d\d \d\d:\d\d {2}"[^"]+" \(2027 春节新春营销\) → \S+/m);
    expect(first.stdout).toMatch(/^Plan: (\d+) to add, 0 to change, 0 to remove\.$/m);
    const outputsFile = join(root, 'playbooks', '.flywheel', 'cdk-outputs.json');
    expect(calls(log)).toEqual([{
      argv: ['deploy', '-c', `playbooks=${join(root, 'playbooks')}`, '-c', 'alarmEmail=ops@example.com', '--require-approval', 'never', '--outputs-file', outputsFile, '--profile', 'ops'],
      cwd: root,
    }]);
    // The next steps name the stack's own table and ingest URL.
    expect(first.stdout).toContain('flywheel status playbooks --table Flywheel-Table-ABC123');
    expect(first.stdout).toContain('flywheel metrics import <csv> --to https://abcdefghij.lambda-url.ap-east-1.on.aws/');
    const recorded = JSON.parse(readFileSync(join(root, 'playbooks', '.flywheel', 'cloud-deployed-plan.json'), 'utf8')) as { jobs: unknown[] };
    const added = Number(/^Plan: (\d+) to add/m.exec(first.stdout)?.[1]);
    expect(recorded.jobs).toHaveLength(added);

    // A second deploy of the same playbooks has nothing to change, and cdk's own prompt stays on without --yes.
    const second = await deploy(['playbooks'], root, { confirm: async () => true });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/compared with the plan last deployed to AWS from here/);
    expect(second.stdout).toMatch(/^Plan: 0 to add, 0 to change, 0 to remove\.$/m);
    expect(calls(log)[1]?.argv).toEqual(['deploy', '-c', `playbooks=${join(root, 'playbooks')}`, '--outputs-file', outputsFile]);
  });

  it('lists each credential with the host it goes to, and marks a host changed since the last deploy', async () => {
    // Prepare: a signed webhook channel beside the sample's.
    const { root, log } = makeProject();
    process.env.FAKE_CDK_LOG = log;
    const workspace = join(root, 'playbooks', 'workspace.yaml');
    const original = readFileSync(workspace, 'utf8');
    const withHook = (instance: string) => original.replace('  channels:\n', `  channels:\n    - { id: partner-hook, platform: webhook, instance: "${instance}", credentials: secret:flywheel/partner-signing }\n`);
    writeFileSync(workspace, withHook('https://hooks.partner.example/flywheel'));
    // Act
    const first = await deploy(['playbooks', '--yes'], root);
    writeFileSync(workspace, withHook('https://collector.elsewhere.example/in'));
    const second = await deploy(['playbooks', '--yes'], root);
    const chinese = await deploy(['playbooks', '--lang', 'zh-CN'], root, { confirm: async () => false });
    // Assess
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Credentials (only secrets starting with flywheel/ may be read) and the host each is sent to:');
    expect(first.stdout).toMatch(/^ {2}secret:flywheel\/partner-signing +channel partner-hook \(credentials\) → hooks\.partner\.example$/m);
    expect(first.stdout).toMatch(/^ {2}secret:flywheel\/wechat-main +channel wechat-main \(credentials\) → api\.weixin\.qq\.com$/m);
    expect(first.stdout).toMatch(/^ {2}secret:flywheel\/ops-webhook +notify ops \(url\) → the address stored in secret:flywheel\/ops-webhook$/m);
    expect(first.stdout).toMatch(/^ {2}secret:flywheel\/douyin-main +channel douyin-main \(credentials\) → not sent \(douyin has no publishing connector\)$/m);
    expect(first.stdout).not.toMatch(/host changed/);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^ {2}secret:flywheel\/partner-signing +channel partner-hook \(credentials\) → collector\.elsewhere\.example {2}⚠ host changed since the last deploy \(was hooks\.partner\.example\)$/m);
    expect(second.stdout).toContain('1 credential(s) will go to another host than at the last deploy');
    expect(second.stdout.match(/host changed/g)).toHaveLength(1);
    // The record moved on with the deploy: the same host again is no change; the Chinese plan says the same.
    expect(chinese.stdout).toMatch(/^ {2}secret:flywheel\/partner-signing +渠道 partner-hook（credentials） → collector\.elsewhere\.example$/m);
    expect(chinese.stdout).toContain('凭据（只可读取以 flywheel/ 开头的密钥）及其发往的主机：');
  }, 60_000);

  it('passes --secret-prefix to the synth, and refuses a secret outside it by file and line before running cdk', async () => {
    const { root, log } = makeProject();
    process.env.FAKE_CDK_LOG = log;
    const workspace = join(root, 'playbooks', 'workspace.yaml');
    const original = readFileSync(workspace, 'utf8');
    writeFileSync(workspace, original.replace('secret:flywheel/ops-webhook', 'secret:prod/rds-master-password'));
    const line = original.split('\n').findIndex((text) => text.includes('secret:flywheel/ops-webhook')) + 1;
    const refused = await deploy(['playbooks', '--yes'], root);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^playbooks/workspace\\.yaml:${line}:\\d+ error flywheel/deploy-secret secret:prod/rds-master-password is outside the secrets this stack may read \\(names starting with flywheel/\\)`, 'm'));
    const refusedZh = await deploy(['playbooks', '--yes', '--lang', 'zh-CN'], root);
    expect(refusedZh.stderr).toMatch(/secret:prod\/rds-master-password 不在本栈可读取的密钥范围内/);
    expect(calls(log)).toEqual([]);
    writeFileSync(workspace, original.replaceAll('secret:flywheel/', 'secret:team/'));
    const deployed = await deploy(['playbooks', '--yes', '--secret-prefix', 'team/'], root);
    expect(deployed.code).toBe(0);
    expect(calls(log)[0]?.argv.slice(0, 5)).toEqual(['deploy', '-c', `playbooks=${join(root, 'playbooks')}`, '-c', 'secretPrefix=team/']);
    const badPrefix = await deploy(['playbooks', '--yes', '--secret-prefix', 'a b'], root);
    expect(badPrefix.code).toBe(2);
    expect(badPrefix.stderr).toMatch(/The secret prefix "a b" cannot be used/);
  }, 60_000);

  it('does nothing when the confirmation is declined (or nobody can answer)', async () => {
    const { root, log } = makeProject();
    process.env.FAKE_CDK_LOG = log;
    const questions: string[] = [];
    const result = await deploy(['playbooks', '--lang', 'zh-CN'], root, { confirm: async (question) => { questions.push(question); return false; } });
    expect(result.code).toBe(1);
    expect(questions).toEqual([expect.stringContaining('部署到 AWS?')]);
    expect(result.stdout).toMatch(/^计划：新增 \d+，修改 0，删除 0。$/m);
    expect(result.stderr).toContain('未部署');
    expect(calls(log)).toEqual([]);
    expect(existsSync(join(root, 'playbooks', '.flywheel', 'cloud-deployed-plan.json'))).toBe(false);
  });

  it('exits 1 with a bilingual explanation when cdk deploy fails, recording nothing', async () => {
    const { root, log } = makeProject();
    process.env.FAKE_CDK_LOG = log;
    process.env.FAKE_CDK_EXIT = '3';
    const english = await deploy(['playbooks', '--yes'], root);
    expect(english.code).toBe(1);
    expect(english.stderr).toMatch(/cdk deploy failed \(exit status 3\)/);
    expect(english.stderr).toMatch(/npx cdk bootstrap/);
    const chinese = await deploy(['playbooks', '--yes', '--lang', 'zh-CN'], root);
    expect(chinese.stderr).toMatch(/cdk deploy 失败 \(退出码 3\)/);
    expect(calls(log)).toHaveLength(2);
    expect(existsSync(join(root, 'playbooks', '.flywheel', 'cloud-deployed-plan.json'))).toBe(false);
  });

  it('refuses invalid playbooks before running cdk', async () => {
    const { root, log } = makeProject();
    process.env.FAKE_CDK_LOG = log;
    writeFileSync(join(root, 'playbooks', 'workspace.yaml'), 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: ws }\nspec: { timezone: Mars/Base }\n');
    const result = await deploy(['playbooks', '--yes'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/workspace\.yaml:4:\d+ error flywheel\/timezone/);
    expect(calls(log)).toEqual([]);
  });

  it('says where to run it when there is no cdk.json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flywheel-deploy-nocdk-'));
    cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true });
    const result = await deploy(['playbooks', '--yes'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no cdk\.json in this folder or above it/);
  });

  it('is a command of the CLI, with bilingual help', async () => {
    const help = await runCli(['deploy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: flywheel deploy/);
    expect(help.stdout).toMatch(/用法: flywheel deploy/);
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/^ {2}deploy \[dir\]/m);
  });
});
