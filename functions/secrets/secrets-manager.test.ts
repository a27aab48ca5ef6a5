import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_AWS } from '../../test/lambda/support/aws-json-server';
import { startLocalSecretsManager, type LocalSecretsManager } from '../../test/lambda/support/local-aws';
import { readHandlerEnv } from '../lambda/env';
import { secretsFromEnv } from '../lambda/secrets-client';
import { SecretResolutionError, SecretsManagerSource, createSecretResolver } from './secrets-manager';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const WEBHOOK_SECRET = 'https://qyapi.example.test/cgi-bin/webhook/send?key=S3CR3T-do-not-log-7f1c';

let server: LocalSecretsManager | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.stop();
  server = undefined;
});

function clientFor(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
}

describe('Secrets Manager resolver against a local GetSecretValue server', () => {
  it('resolves secret:NAME through Secrets Manager once per cold start, even when asked concurrently', async () => {
    // Prepare
    server = await startLocalSecretsManager({ 'flywheel/ops-webhook': WEBHOOK_SECRET });
    const resolve = createSecretResolver({ secrets: new SecretsManagerSource({ client: clientFor(server.endpoint) }), env: {} });
    // Act
    const values = await Promise.all([resolve('secret:flywheel/ops-webhook'), resolve('secret:flywheel/ops-webhook')]);
    const later = await resolve('secret:flywheel/ops-webhook');
    // Assess
    expect(values).toEqual([WEBHOOK_SECRET, WEBHOOK_SECRET]);
    expect(later).toBe(WEBHOOK_SECRET);
    expect(server.fetches.get('flywheel/ops-webhook')).toBe(1);
  });

  it('resolves only the secrets of the function\'s FLYWHEEL_SECRET_NAMES, and no env: reference, without asking Secrets Manager for the others', async () => {
    // Prepare: publish's environment as infra writes it (channel credentials only), and a store holding more.
    server = await startLocalSecretsManager({ 'flywheel/wechat-main': 'wechat-json', 'flywheel/ops-webhook': WEBHOOK_SECRET, 'prod/rds-master-password': 'db' });
    const env = readHandlerEnv('publish', {
      FLYWHEEL_TABLE: 't', FLYWHEEL_BUNDLE_FILE: '/var/task/flywheel-bundle.json', FLYWHEEL_BUS: 'bus',
      FLYWHEEL_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/dlq', FLYWHEEL_SECRET_NAMES: 'flywheel/wechat-main,flywheel/wecom-community',
      AWS_SECRET_ACCESS_KEY: 'function-own-key',
    });
    const resolve = secretsFromEnv(env, 'the publish function (channel credentials only)', new Logger({ logLevel: 'SILENT' }), clientFor(server.endpoint));
    // Act
    const granted = await resolve('secret:flywheel/wechat-main');
    const refusals = await Promise.all(['secret:flywheel/ops-webhook', 'secret:prod/rds-master-password', 'env:AWS_SECRET_ACCESS_KEY']
      .map((reference) => resolve(reference).then(() => undefined, (error: unknown) => error)));
    // Assess
    expect(granted).toBe('wechat-json');
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(SecretResolutionError);
    expect((refusals[0] as Error).message).toMatch(/^secret:flywheel\/ops-webhook is not among the secrets the publish function \(channel credentials only\) may read .* 不在该函数可读取的密钥之列/);
    expect((refusals[2] as Error).message).not.toContain('function-own-key');
    expect([...server.fetches.keys()]).toEqual(['flywheel/wechat-main']);
    // Without the variable (an older stack), nothing resolves.
    const none = secretsFromEnv(readHandlerEnv('notify', { FLYWHEEL_BUNDLE_FILE: 'b', FLYWHEEL_IDEMPOTENCY_TABLE: 't' }), 'notify', new Logger({ logLevel: 'SILENT' }), clientFor(server.endpoint));
    await expect(none('secret:flywheel/ops-webhook')).rejects.toThrow(/not among the secrets notify may read/);
  });

  it('adds the configured prefix to the secret id', async () => {
    server = await startLocalSecretsManager({ 'prod/flywheel/wechat-main': 'token-1' });
    const resolve = createSecretResolver({ secrets: new SecretsManagerSource({ client: clientFor(server.endpoint), prefix: 'prod/' }), env: {} });
    await expect(resolve('secret:flywheel/wechat-main')).resolves.toBe('token-1');
  });

  it('resolves env:VAR from the environment and says which variable is missing', async () => {
    server = await startLocalSecretsManager({});
    const resolve = createSecretResolver({ secrets: new SecretsManagerSource({ client: clientFor(server.endpoint) }), env: { BOT_URL: 'https://bot.example.test/hook' } });
    await expect(resolve('env:BOT_URL')).resolves.toBe('https://bot.example.test/hook');
    await expect(resolve('env:MISSING_URL')).rejects.toThrow(/MISSING_URL .*is not set/);
    expect(server.calls).toHaveLength(0);
  });

  it('explains a missing secret and tries again on the next call instead of caching the failure', async () => {
    // Prepare
    server = await startLocalSecretsManager({});
    const resolve = createSecretResolver({ secrets: new SecretsManagerSource({ client: clientFor(server.endpoint) }), env: {} });
    // Act
    const first = await resolve('secret:flywheel/absent').catch((error: unknown) => error);
    await resolve('secret:flywheel/absent').catch(() => undefined);
    // Assess
    expect(first).toBeInstanceOf(SecretResolutionError);
    expect((first as Error).message).toContain('Cannot read secret "flywheel/absent" from Secrets Manager (ResourceNotFoundException): create it');
    expect(server.fetches.get('flywheel/absent')).toBe(2);
  });

  it('refuses a credential that is not a reference', async () => {
    server = await startLocalSecretsManager({});
    const resolve = createSecretResolver({ secrets: new SecretsManagerSource({ client: clientFor(server.endpoint) }), env: {} });
    const failure = await resolve('sk-inline-token').catch((error: unknown) => error);
    expect((failure as Error).message).toContain('must be a reference');
    expect((failure as Error).message).not.toContain('sk-inline-token');
  });

  it('never writes a secret value to the log, at DEBUG level, on success or failure', async () => {
    // Prepare: capture everything Powertools Logger writes (it writes to process.stdout/stderr).
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    server = await startLocalSecretsManager({ 'flywheel/ops-webhook': WEBHOOK_SECRET });
    const logger = new Logger({ serviceName: 'flywheel-test', logLevel: 'DEBUG' });
    const resolve = createSecretResolver({ secrets: new SecretsManagerSource({ client: clientFor(server.endpoint), logger }), env: { BOT_URL: WEBHOOK_SECRET } });
    // Act
    const value = await resolve('secret:flywheel/ops-webhook');
    await resolve('env:BOT_URL');
    const failure = await resolve('secret:flywheel/absent').catch((error: unknown) => error);
    logger.error('Could not resolve a credential', failure as Error);
    logger.info('Resolved', { reference: 'secret:flywheel/ops-webhook' });
    // Assess: the capture saw the logger's lines (the test can fail), and none holds the value.
    vi.restoreAllMocks();
    const output = written.join('');
    expect(value).toBe(WEBHOOK_SECRET);
    expect(output).toContain('"message":"Secret fetched"');
    expect(output).toContain('flywheel/ops-webhook');
    expect(output).toContain('Could not resolve a credential');
    expect(output).not.toContain('S3CR3T-do-not-log-7f1c');
  });
});
