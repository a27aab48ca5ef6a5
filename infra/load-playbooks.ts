import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { folderFileProvider, readPlaybookFolder, validateWorkspace, type Diagnostic } from '../core/index';
import { writeDeploymentBundle } from '../functions/sync/index';
import { SHIPPED_MEDIA_BUDGET_BYTES, copyShippedMedia, type MediaUser } from '../functions/sync/shipped-media';
import { DEFAULT_SECRET_PREFIX, checkSecretPrefix, findUndeployableReferences, listSecretReferences, secretNamesFor, type SecretReference } from './secret-references';

/** The playbooks cannot be deployed: the message lists every error as `file:line:col code message`. */
export class PlaybooksInvalidError extends Error {
  override readonly name = 'PlaybooksInvalidError';
  constructor(message: string, readonly diagnostics: readonly Diagnostic[]) {
    super(message);
  }
}

/** A validated workspace, written as the deployment bundle the functions ship. */
export interface PreparedPlaybooks {
  /** Absolute path of the playbook folder. */
  readonly dir: string;
  /** The deployment bundle file (functions/sync `writeDeploymentBundle`). */
  readonly bundleFile: string;
  /** The covers and media the publish function uploads, copied with their workspace paths (functions/sync/shipped-media.ts); absent when there are none. */
  readonly mediaFolder?: string;
  /** The images the notify function attaches to hand-offs, likewise; absent when there are none. */
  readonly notifyMediaFolder?: string;
  /** Media left out because it exceeds a function's budget, in words for a synth warning. */
  readonly mediaWarnings: readonly string[];
  /** The workspace's name (metadata.name of its Workspace document). */
  readonly workspace: string;
  /** How many jobs the compiled plan holds. */
  readonly jobs: number;
  /** Warnings and info the validator found; they do not block a deploy. */
  readonly notices: readonly Diagnostic[];
  /** The Secrets Manager names the playbooks refer to (create them before the first deploy). */
  readonly secretNames: readonly string[];
  /** Of those, the channels' credentials: what publish may read. */
  readonly channelSecretNames: readonly string[];
  /** Of those, the notify targets' urls and signing secrets: what notify may read. */
  readonly notifySecretNames: readonly string[];
  /** Every credential reference with who reads it and where its value goes. */
  readonly secretReferences: readonly SecretReference[];
}

/** Options of {@link preparePlaybooks}. */
export interface PreparePlaybooksOptions {
  /** How much media each function may carry. @default SHIPPED_MEDIA_BUDGET_BYTES */
  readonly mediaBudgetBytes?: number;
  /** Playbooks may name only secrets whose name starts with this. @default DEFAULT_SECRET_PREFIX ('flywheel/') */
  readonly secretPrefix?: string;
}

function displayPath(cwd: string, dir: string, file: string): string {
  return relative(cwd, join(dir, file)).split('\\').join('/') || file;
}

function formatDiagnostic(cwd: string, dir: string, diagnostic: Diagnostic): string {
  return `${displayPath(cwd, dir, diagnostic.file)}:${diagnostic.line}:${diagnostic.column} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message.en} / ${diagnostic.message.zh}`;
}

/**
 * Validates the playbook folder the app deploys and writes its deployment bundle to
 * `bundleFile`. Throws {@link PlaybooksInvalidError} when the folder is missing or a playbook
 * has errors, with the validator's diagnostics, so an invalid workspace never reaches AWS.
 */
export function preparePlaybooks(folder: string, bundleFile: string, cwd: string = process.cwd(), options: PreparePlaybooksOptions = {}): PreparedPlaybooks {
  const dir = resolve(cwd, folder);
  const secretPrefix = options.secretPrefix ?? DEFAULT_SECRET_PREFIX;
  const badPrefix = checkSecretPrefix(secretPrefix);
  if (badPrefix) throw new PlaybooksInvalidError(`${badPrefix.en}\n${badPrefix.zh}`, []);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PlaybooksInvalidError(
      `Playbook folder "${folder}" not found (resolved to ${dir}). Pass the folder with -c playbooks=<dir>.\n`
      + `找不到剧本目录 "${folder}" (${dir})。请用 -c playbooks=<目录> 指定。`,
      [],
    );
  }
  const { model, diagnostics } = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    throw new PlaybooksInvalidError(
      [
        ...errors.map((error) => formatDiagnostic(cwd, dir, error)),
        `The playbooks have ${errors.length} error(s); fix them before deploying (npx flywheel validate ${folder} shows the details).`,
        `剧本有 ${errors.length} 个错误, 部署前请先修复 (npx flywheel validate ${folder} 查看详情)。`,
      ].join('\n'),
      errors,
    );
  }
  const references = listSecretReferences(model);
  const undeployable = findUndeployableReferences(references, secretPrefix);
  if (undeployable.length > 0) {
    throw new PlaybooksInvalidError(
      undeployable.map(({ reference, en, zh }) => `${displayPath(cwd, dir, reference.file)}:${reference.line}:${reference.column} error flywheel/deploy-secret ${en} / ${zh}`).join('\n'),
      [],
    );
  }
  const bundle = writeDeploymentBundle(dir, bundleFile);
  const mediaWarnings: string[] = [];
  const copyMedia = (user: MediaUser): string | undefined => {
    const folder = join(dirname(bundleFile), `flywheel-media-${user}`);
    rmSync(folder, { recursive: true, force: true });
    const shipped = copyShippedMedia(dir, model, folder, user, options.mediaBudgetBytes);
    if ('overBudget' in shipped) {
      const { files, bytes } = shipped.overBudget;
      const mb = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
      mediaWarnings.push(user === 'publish'
        ? `The ${files} cover and media file(s) the publish function uploads (${mb(bytes)}) are over its ${mb(options.mediaBudgetBytes ?? SHIPPED_MEDIA_BUDGET_BYTES)} budget and are not shipped: WeChat articles use thumbMediaId, Mastodon posts with media fail with "post by hand". Make the images smaller. / 发布函数需上传的媒体超出体积上限, 未随函数部署。`
        : `The ${files} image(s) hand-offs attach (${mb(bytes)}) are over the notify function's ${mb(options.mediaBudgetBytes ?? SHIPPED_MEDIA_BUDGET_BYTES)} budget and are not shipped: hand-off messages name the files instead. / 转人工消息附带的图片超出体积上限, 未随函数部署。`);
      return undefined;
    }
    return shipped.files > 0 ? folder : undefined;
  };
  const mediaFolder = copyMedia('publish');
  const notifyMediaFolder = copyMedia('notify');
  return {
    dir, bundleFile, ...(mediaFolder ? { mediaFolder } : {}), ...(notifyMediaFolder ? { notifyMediaFolder } : {}), mediaWarnings, workspace: bundle.workspace, jobs: bundle.jobs.length,
    notices: diagnostics.filter((diagnostic) => diagnostic.severity !== 'error'),
    secretNames: [...new Set(references.map((reference) => reference.reference.slice('secret:'.length)))].sort(),
    channelSecretNames: secretNamesFor(references, 'channel'),
    notifySecretNames: secretNamesFor(references, 'notify'),
    secretReferences: references,
  };
}
