import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '@aws-lambda-powertools/logger';

/** Resolves a credential reference (`secret:NAME` or `env:VAR`) to its value. */
export type SecretResolver = (reference: string) => Promise<string>;

/** A credential reference could not be resolved. The message names the reference, never a value. */
export class SecretResolutionError extends Error {
  override readonly name = 'SecretResolutionError';
  constructor(readonly reference: string, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface SecretsManagerSourceOptions {
  readonly client: SecretsManagerClient;
  /** Put before NAME to form the secret id. @default '' */
  readonly prefix?: string;
  /** Says which secret was fetched (its name only). */
  readonly logger?: Logger;
}

/**
 * Reads secrets from AWS Secrets Manager, each once per instance: build it at module scope and
 * a secret is fetched once per cold start. A failed fetch is not remembered, so the next call
 * tries again. Values are never logged, and never put in an error message.
 */
export class SecretsManagerSource {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly options: SecretsManagerSourceOptions) {}

  /** The SecretString of secret `prefix + name`. */
  getSecret(name: string): Promise<string> {
    const secretId = `${this.options.prefix ?? ''}${name}`;
    let pending = this.cache.get(secretId);
    if (!pending) {
      pending = this.fetch(secretId);
      this.cache.set(secretId, pending);
      // Concurrent callers share one request; a failure is dropped so that a later call retries.
      pending.catch(() => this.cache.delete(secretId));
    }
    return pending;
  }

  private async fetch(secretId: string): Promise<string> {
    let secret;
    try {
      secret = await this.options.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const hint = name === 'ResourceNotFoundException'
        ? `create it (aws secretsmanager create-secret --name ${secretId} --secret-string …) / 请先创建该密钥`
        : name === 'AccessDeniedException'
          ? 'the function needs secretsmanager:GetSecretValue on it / 函数缺少读取该密钥的权限'
          : 'check the secret and the function\'s permissions';
      throw new SecretResolutionError(`secret:${secretId}`, `Cannot read secret "${secretId}" from Secrets Manager (${name}): ${hint}.`, { cause: error });
    }
    if (typeof secret.SecretString !== 'string' || secret.SecretString === '') {
      throw new SecretResolutionError(`secret:${secretId}`, `Secret "${secretId}" has no text value (SecretString); store the credential as a string.`);
    }
    this.options.logger?.debug('Secret fetched', { secret: secretId });
    return secret.SecretString;
  }
}

/**
 * The cloud resolver: `secret:NAME` through Secrets Manager (cached per cold start), `env:VAR`
 * from the function's environment. With `allowed`, only those secret names resolve (the ones the
 * function's own playbook role needs: channel credentials for publish, notify targets' for notify)
 * and `env:` is refused, so a reference the deployment did not grant never reaches Secrets Manager
 * or the environment (which holds the function's own AWS credentials). Anything else is refused.
 */
export function createSecretResolver(options: { readonly secrets: SecretsManagerSource; readonly env?: NodeJS.ProcessEnv; readonly allowed?: ReadonlySet<string>; readonly role?: string }): SecretResolver {
  const env = options.env ?? process.env;
  const { allowed } = options;
  const role = options.role ?? 'this function';
  return async (reference) => {
    if (reference.startsWith('secret:')) {
      const name = reference.slice('secret:'.length);
      if (allowed && !allowed.has(name)) {
        throw new SecretResolutionError(reference, `${reference} is not among the secrets ${role} may read (FLYWHEEL_SECRET_NAMES); deploy the playbooks again so the stack grants it. / ${reference} 不在该函数可读取的密钥之列，请重新部署剧本。`);
      }
      return options.secrets.getSecret(name);
    }
    if (reference.startsWith('env:')) {
      if (allowed) {
        throw new SecretResolutionError(reference, `${reference}: in AWS credentials come from Secrets Manager only; write secret:NAME. / 云端凭据只能来自 Secrets Manager，请改写为 secret:名称。`);
      }
      const variable = reference.slice('env:'.length);
      const value = env[variable];
      if (value === undefined || value === '') {
        throw new SecretResolutionError(reference, `Environment variable ${variable} (from "${reference}") is not set in the function; add it in infra, or use secret:NAME. / 函数环境变量 ${variable} 未设置。`);
      }
      return value;
    }
    throw new SecretResolutionError(reference, 'A credential must be a reference (secret:NAME or env:VAR); the playbook holds something else. / 凭据必须是 secret: 或 env: 引用。');
  };
}

/** The names in a `FLYWHEEL_SECRET_NAMES` value (comma-separated; empty means none). */
export function parseSecretNames(value: string): ReadonlySet<string> {
  return new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''));
}
