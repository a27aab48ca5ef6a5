import type { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSource, createSecretResolver, parseSecretNames, type SecretResolver } from '../secrets/secrets-manager';

/**
 * `secret:` through Secrets Manager (cached for the life of the container), limited to the names
 * in FLYWHEEL_SECRET_NAMES (infra sets them per function); `env:` is refused in the cloud.
 */
export function secretsFromEnv(
  env: { readonly FLYWHEEL_SECRET_PREFIX: string; readonly FLYWHEEL_SECRET_NAMES: string },
  role: string,
  logger: Logger,
  client: SecretsManagerClient = new SecretsManagerClient({}),
): SecretResolver {
  return createSecretResolver({ secrets: new SecretsManagerSource({ client, prefix: env.FLYWHEEL_SECRET_PREFIX, logger }), allowed: parseSecretNames(env.FLYWHEEL_SECRET_NAMES), role });
}
