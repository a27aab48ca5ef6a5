import type { SecretReference } from '../functions/secrets/destinations';

export { listSecretReferences, secretNamesFor, type SecretReference } from '../functions/secrets/destinations';

/** The secrets a stack may read unless told otherwise (`-c secretPrefix=…`). */
export const DEFAULT_SECRET_PREFIX = 'flywheel/';

/** Characters Secrets Manager allows in a name; a prefix is the start of one. */
const PREFIX_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,256}$/;

/** A problem with the `secretPrefix` context value, in English and Chinese; undefined when it is usable. */
export function checkSecretPrefix(prefix: string): { en: string; zh: string } | undefined {
  if (PREFIX_PATTERN.test(prefix)) return undefined;
  return {
    en: `The secret prefix "${prefix}" cannot be used: it must be the non-empty start of a Secrets Manager name (letters, digits and /_+=.@-), such as flywheel/ or team-a/. Pass it with -c secretPrefix=<prefix> (flywheel deploy --secret-prefix <prefix>).`,
    zh: `密钥前缀 "${prefix}" 无效：须为非空的 Secrets Manager 名称开头（字母、数字及 /_+=.@-），例如 flywheel/ 或 team-a/。请用 -c secretPrefix=<前缀>（flywheel deploy --secret-prefix <前缀>）指定。`,
  };
}

/**
 * The references the cloud functions may not resolve, each with the fix: `env:VAR` (a credential
 * in a Lambda environment variable would sit in plain text in the CloudFormation template), and
 * `secret:NAME` outside `prefix` (a playbook arrives through a pull request: it must not be able
 * to point a channel at any secret of the account, such as a database password).
 */
export function findUndeployableReferences(references: readonly SecretReference[], prefix: string = DEFAULT_SECRET_PREFIX): { reference: SecretReference; en: string; zh: string }[] {
  const problems = [];
  for (const reference of references) {
    const [scheme, name = ''] = reference.reference.split(/:(.*)/s);
    if (scheme === 'env') {
      const suggested = `${prefix}${name.toLowerCase().replace(/_/g, '-')}`;
      problems.push({
        reference,
        en: `${reference.reference} works only with \`flywheel run\`; in AWS a credential must come from Secrets Manager: create the secret ${suggested} and write secret:${suggested}`,
        zh: `${reference.reference} 只适用于本地 flywheel run；部署到 AWS 时凭据必须来自 Secrets Manager：请创建密钥 ${suggested} 并改写为 secret:${suggested}`,
      });
    } else if (!name.startsWith(prefix)) {
      const suggested = `${prefix}${name.includes('/') ? name.slice(name.indexOf('/') + 1) : name}`;
      const folder = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : undefined;
      problems.push({
        reference,
        en: `${reference.reference} is outside the secrets this stack may read (names starting with ${prefix}): store the credential as ${suggested} and write secret:${suggested}`
          + (folder ? `, or, if every secret of this stack lives under ${folder}, deploy with -c secretPrefix=${folder} (flywheel deploy --secret-prefix ${folder})` : ''),
        zh: `${reference.reference} 不在本栈可读取的密钥范围内（名称须以 ${prefix} 开头）：请把凭据存为 ${suggested} 并改写为 secret:${suggested}`
          + (folder ? `；若本栈的密钥都在 ${folder} 下，可用 -c secretPrefix=${folder}（flywheel deploy --secret-prefix ${folder}）部署` : ''),
      });
    }
  }
  return problems;
}
