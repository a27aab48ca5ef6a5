import type { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSource, createSecretResolver, type SecretResolver } from '../secrets/secrets-manager';

/** `secret:` through Secrets Manager (cached for the life of the container), `env:` from the environment. */
export function secretsFromEnv(prefix: string, logger: Logger, client: SecretsManagerClient = new SecretsManagerClient({})): SecretResolver {
  return createSecretResolver({ secrets: new SecretsManagerSource({ client, prefix, logger }) });
}
