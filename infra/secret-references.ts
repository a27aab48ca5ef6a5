import { SECRET_REF_PATTERN, type WorkspaceModel } from '../core/index';

/** A credential reference (`secret:NAME` or `env:VAR`) found in a Workspace document, with where it is written. */
export interface SecretReference {
  readonly reference: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Lists the credential references of the workspace documents (channels' credentials, notify targets' url and secret). */
export function listSecretReferences(model: WorkspaceModel): SecretReference[] {
  const found: SecretReference[] = [];
  for (const entry of model.workspaces) {
    const visit = (owner: object): void => {
      for (const [key, value] of Object.entries(owner)) {
        if (typeof value === 'string' && SECRET_REF_PATTERN.test(value)) {
          const span = entry.span(owner, [key]);
          found.push({ reference: value, file: entry.file.path, line: span.line, column: span.column });
        } else if (value !== null && typeof value === 'object') {
          visit(value as object);
        }
      }
    };
    visit(entry.value);
  }
  return found;
}

/**
 * The references the cloud functions cannot resolve: `env:VAR`, because a credential in a Lambda
 * environment variable would sit in plain text in the CloudFormation template.
 */
export function findUndeployableReferences(references: readonly SecretReference[]): { reference: SecretReference; en: string; zh: string }[] {
  const problems = [];
  for (const reference of references) {
    const [scheme, name = ''] = reference.reference.split(/:(.*)/s);
    if (scheme !== 'env') continue;
    const suggested = `flywheel/${name.toLowerCase().replace(/_/g, '-')}`;
    problems.push({
      reference,
      en: `${reference.reference} works only with \`flywheel run\`; in AWS a credential must come from Secrets Manager: create the secret ${suggested} and write secret:${suggested}`,
      zh: `${reference.reference} 只适用于本地 flywheel run; 部署到 AWS 时凭据必须来自 Secrets Manager: 请创建密钥 ${suggested} 并改写为 secret:${suggested}`,
    });
  }
  return problems;
}
