import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { sampleWithPosts } from '../test/infra/sample-with-posts';
import { createFlywheelApp } from './create-app';
import { PlaybooksInvalidError } from './load-playbooks';
import { countResourcesByType, synthForTest } from './synth-for-test';

const SAMPLE = join(import.meta.dirname, '..', 'playbooks');
const BUNDLING_OFF = { 'aws:cdk:bundling-stacks': [] };

function copyOfSample(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flywheel-app-')), 'playbooks');
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

describe('Flywheel app', () => {
  it('has the same resources for 10 and for 2,000 posts: the plan travels as an asset, not as resources', () => {
    // Prepare
    const small = sampleWithPosts(10);
    const large = sampleWithPosts(2_000);
    // Act
    const smallSynth = synthForTest(small);
    const largeSynth = synthForTest(large);
    // Assess: the workspaces really differ, the stacks do not.
    expect(largeSynth.playbooks.jobs - smallSynth.playbooks.jobs).toBe(1_990);
    expect(readFileSync(largeSynth.playbooks.bundleFile).length).toBeGreaterThan(readFileSync(smallSynth.playbooks.bundleFile).length);
    const counts = countResourcesByType(smallSynth.template);
    expect(countResourcesByType(largeSynth.template)).toEqual(counts);
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBeLessThan(150);
    expect(counts['AWS::Scheduler::Schedule']).toBe(1);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding, and every acknowledgement gives its reason', () => {
    const { validationReport, template } = synthForTest(SAMPLE);
    const nag = validationReport.pluginReports.filter((report) => report.pluginName === 'AwsSolutions');
    expect(nag.flatMap((report) => report.violations)).toEqual([]);
    const acknowledged = Object.entries(template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>)
      .flatMap(([id, resource]) => (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource: id, ...rule })));
    for (const rule of acknowledged) expect(rule).toEqual({ resource: rule.resource, id: rule.id, reason: expect.stringMatching(/^.{60,}$/) });
    expect([...new Set(acknowledged.map((rule) => rule.id))].sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<TickFunction\w+\.Arn>:\*\]$/),
      'AwsSolutions-SQS3',
    ]);
  });

  it('fails the synth when a statement is too broad: cdk-nag is really on', () => {
    const { app, stack } = createFlywheelApp({ context: { ...BUNDLING_OFF, playbooks: SAMPLE }, builtinCloudFormationValidation: false, outdir: mkdtempSync(join(tmpdir(), 'flywheel-nag-')) });
    stack.functions.sync.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
  });

  it('refuses invalid playbooks with the validator\'s file:line:col diagnostics', () => {
    const dir = copyOfSample();
    const workspace = join(dir, 'workspace.yaml');
    writeFileSync(workspace, readFileSync(workspace, 'utf8').replace(/timezone: \S+/, 'timezone: Mars/Base'));
    const attempt = () => createFlywheelApp({ context: { ...BUNDLING_OFF, playbooks: dir }, cwd: join(dir, '..'), outdir: mkdtempSync(join(tmpdir(), 'flywheel-bad-')) });
    expect(attempt).toThrow(PlaybooksInvalidError);
    expect(attempt).toThrow(/^playbooks\/workspace\.yaml:\d+:\d+ error flywheel\/timezone /m);
    expect(attempt).toThrow(/剧本有 \d+ 个错误/);
  });

  it('grants exactly the secrets the playbooks name under the secret prefix, and refuses others and env: references by name with the fix', () => {
    const dir = copyOfSample();
    const workspace = join(dir, 'workspace.yaml');
    const original = readFileSync(workspace, 'utf8');
    const outdir = () => mkdtempSync(join(tmpdir(), 'flywheel-secret-'));
    const attempt = (context: Record<string, unknown> = {}) => createFlywheelApp({ context: { ...BUNDLING_OFF, playbooks: dir, ...context }, cwd: join(dir, '..'), outdir: outdir() });
    const refusal = (context: Record<string, unknown> = {}) => {
      try {
        attempt(context);
      } catch (error) {
        return error;
      }
      throw new Error('the synth did not refuse');
    };
    const line = original.split('\n').findIndex((text) => text.includes('secret:flywheel/ops-webhook')) + 1;
    // A pull request points a notify target at another secret of the account.
    writeFileSync(workspace, original.replace('secret:flywheel/ops-webhook', 'secret:prod/rds-master-password'));
    const outside = refusal();
    expect(outside).toBeInstanceOf(PlaybooksInvalidError);
    expect((outside as Error).message).toMatch(new RegExp(`^playbooks/workspace\\.yaml:${line}:\\d+ error flywheel/deploy-secret secret:prod/rds-master-password is outside the secrets this stack may read \\(names starting with flywheel/\\): store the credential as flywheel/rds-master-password and write secret:flywheel/rds-master-password, or, if every secret of this stack lives under prod/, deploy with -c secretPrefix=prod/ .* / secret:prod/rds-master-password 不在本栈可读取的密钥范围内`, 'm'));
    // A team whose secrets live under team/ says so, and gets exactly those.
    writeFileSync(workspace, original.replaceAll('secret:flywheel/', 'secret:team/'));
    expect((refusal() as Error).message).toMatch(/secret:team\/ops-webhook is outside the secrets this stack may read/);
    const { app, playbooks } = attempt({ secretPrefix: 'team/' });
    expect(playbooks.notifySecretNames).toContain('team/ops-webhook');
    const template = JSON.stringify(app.synth().stacks[0]?.template);
    expect(template).toContain(':secret:team/ops-webhook-??????');
    expect(template).not.toContain(':secret:flywheel/');
    expect((refusal({ secretPrefix: '' }) as Error).message).toMatch(/The secret prefix "" cannot be used.*\n密钥前缀 "" 无效/);
    writeFileSync(workspace, original.replace('secret:flywheel/ops-webhook', 'env:OPS_WEBHOOK'));
    expect((refusal() as Error).message)
      .toMatch(/^playbooks\/workspace\.yaml:\d+:\d+ error flywheel\/deploy-secret env:OPS_WEBHOOK works only with `flywheel run`.*secret:flywheel\/ops-webhook/m);
  }, 120_000);

  it('ships the images functions need in their code, and none past the media budget, with a warning that says what falls back', () => {
    // Prepare: the sample's WeChat covers and hand-off images are a few KB each.
    const shipped = synthForTest(SAMPLE);
    const tight = synthForTest(SAMPLE, { mediaBudgetBytes: 1_000 });
    // Assess
    expect(shipped.playbooks.mediaFolder).toBeDefined();
    expect(shipped.playbooks.notifyMediaFolder).toBeDefined();
    expect(shipped.playbooks.mediaWarnings).toEqual([]);
    expect(tight.playbooks.mediaFolder).toBeUndefined();
    expect(tight.playbooks.notifyMediaFolder).toBeUndefined();
    const warnings = tight.app.synth().getStackArtifact(tight.stack.artifactId).messages.filter((message) => message.level === 'warning').map((message) => String(message.entry.data));
    expect(warnings.some((text) => /cover and media file\(s\) the publish function uploads .* are over its 0\.0 MB budget and are not shipped: WeChat articles use thumbMediaId/.test(text))).toBe(true);
    expect(warnings.some((text) => /image\(s\) hand-offs attach .* not shipped: hand-off messages name the files instead/.test(text))).toBe(true);
  });

  it('says how to pass the folder when it does not exist', () => {
    expect(() => createFlywheelApp({ context: { ...BUNDLING_OFF, playbooks: 'no-such-folder' }, outdir: mkdtempSync(join(tmpdir(), 'flywheel-none-')) }))
      .toThrow(/Playbook folder "no-such-folder" not found .* -c playbooks=<dir>/);
  });
});
