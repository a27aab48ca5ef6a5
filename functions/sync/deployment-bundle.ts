import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import {
  compilePlan, folderFileProvider, loadWorkspace, readPlaybookFolder, validateWorkspace, type FileProvider, type Job, type Plan, type WorkspaceModel,
} from '../../core/index';

/** The bundle's format tag; a handler refuses a bundle of another format. */
export const BUNDLE_FORMAT = 'flywheel-deployment-bundle/1';

const JobBase = { id: z.string().min(1), hash: z.string().min(1), file: z.string() };
const Instant = z.number().int();

/** One compiled job as the bundle carries it: the shapes of core/compile/jobs.ts. */
const BundleJobSchema: z.ZodType<Job> = z.discriminatedUnion('kind', [
  z.object({
    ...JobBase, kind: z.literal('publish'), campaign: z.string(), post: z.string(), channel: z.string(), platform: z.string(),
    variant: z.string().optional(), share: z.number(), at: Instant, local: z.string(), zone: z.string(), approved: z.boolean(), reviewRequired: z.boolean(),
  }),
  z.object({
    ...JobBase, kind: z.literal('reminder'), campaign: z.string(), post: z.string(), at: Instant, local: z.string(), zone: z.string(),
    postAt: Instant, notify: z.array(z.string()),
  }),
  z.object({
    ...JobBase, kind: z.enum(['check', 'track', 'sop']), target: z.string(), schedule: z.string(), zone: z.string(),
    from: Instant.optional(), until: Instant.optional(),
  }),
  z.object({ ...JobBase, kind: z.literal('ab'), campaign: z.string(), post: z.string(), variants: z.array(z.string()), from: Instant, at: Instant }),
]) as unknown as z.ZodType<Job>; // the platform id is a string union in core; the zod enum would repeat that list

/** What the deployment bundle file holds. */
export const DeploymentBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  workspace: z.string(),
  timezone: z.string(),
  /** Playbook YAML files and the text files posts use as `body`, workspace-relative with `/`. */
  files: z.array(z.object({ path: z.string().min(1), text: z.string() })),
  jobs: z.array(BundleJobSchema),
});
export type DeploymentBundle = z.infer<typeof DeploymentBundleSchema>;

/** The playbooks as a handler uses them: the model, the plan, and the bundled files. */
export interface LoadedBundle {
  readonly model: WorkspaceModel;
  readonly plan: Plan;
  readonly files: FileProvider;
  readonly jobsById: ReadonlyMap<string, Job>;
}

/** The playbooks cannot be deployed as they are. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** Records which files a reader asked for, so the bundle carries exactly those. */
function recordingProvider(inner: FileProvider, read: Map<string, Uint8Array>): FileProvider {
  return {
    exists: (path) => (inner.exists ? inner.exists(path) : inner.readFile(path) !== undefined),
    readFile(path) {
      const bytes = inner.readFile(path);
      if (bytes !== undefined) read.set(path, bytes);
      return bytes;
    },
  };
}

/**
 * Builds the deployment bundle of a playbooks folder: the compiled plan, the playbook files and
 * the post body files (exactly those the compiler read). Deterministic: the same playbooks give
 * the same value. Throws BundleError listing the errors when the playbooks do not validate.
 */
export function buildDeploymentBundle(playbooksDir: string): DeploymentBundle {
  const inputs = readPlaybookFolder(playbooksDir);
  const folder = folderFileProvider(playbooksDir);
  const { model, diagnostics } = validateWorkspace(inputs, folder);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    const listed = errors.slice(0, 10).map((error) => `${error.file}:${error.line}:${error.column} ${error.code}`).join('\n  ');
    throw new BundleError(
      `The playbooks in ${playbooksDir} have ${errors.length} error(s) and cannot be deployed; run \`flywheel validate\` and fix them:\n  ${listed}` +
        `\n剧本有 ${errors.length} 个错误, 无法部署; 请运行 flywheel validate 并修复。`,
    );
  }
  const bodies = new Map<string, Uint8Array>();
  const plan = compilePlan(model, recordingProvider(folder, bodies));
  const files = new Map<string, string>();
  for (const input of inputs) files.set(input.path, Buffer.from(input.bytes).toString('utf8'));
  for (const [path, bytes] of bodies) files.set(path, Buffer.from(bytes).toString('utf8'));
  return {
    format: BUNDLE_FORMAT, workspace: plan.workspace, timezone: plan.timezone,
    files: [...files].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([path, text]) => ({ path, text })),
    jobs: [...plan.jobs],
  };
}

/** Writes the deployment bundle of `playbooksDir` to `outFile` (infra calls this at synth time). Returns the bundle. */
export function writeDeploymentBundle(playbooksDir: string, outFile: string): DeploymentBundle {
  const bundle = buildDeploymentBundle(playbooksDir);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(bundle)}\n`);
  return bundle;
}

/** Turns a parsed bundle into what handlers use: the workspace model loaded from the bundled files. */
export function openDeploymentBundle(bundle: DeploymentBundle): LoadedBundle {
  const texts = new Map(bundle.files.map((file) => [file.path, file.text]));
  const inputs = bundle.files.filter((file) => /\.ya?ml$/i.test(file.path)).map((file) => ({ path: file.path, bytes: Buffer.from(file.text, 'utf8') }));
  const { model } = loadWorkspace(inputs);
  const files: FileProvider = {
    exists: (path) => texts.has(path),
    readFile: (path) => {
      const text = texts.get(path);
      return text === undefined ? undefined : Buffer.from(text, 'utf8');
    },
  };
  const plan: Plan = { workspace: bundle.workspace, timezone: bundle.timezone, jobs: bundle.jobs };
  return { model, plan, files, jobsById: new Map(plan.jobs.map((job) => [job.id, job])) };
}

/** Reads, checks and opens a bundle file; the error says what is wrong and how to fix it. */
export function loadDeploymentBundle(file: string): LoadedBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BundleError(`Cannot read the deployment bundle ${file}: ${error instanceof Error ? error.message : String(error)}. Check FLYWHEEL_BUNDLE_FILE and that infra copied the bundle into the function.`, { cause: error });
  }
  const parsed = DeploymentBundleSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BundleError(`The deployment bundle ${file} is not a ${BUNDLE_FORMAT} file (${z.prettifyError(parsed.error).split('\n')[0]}). Rebuild it with writeDeploymentBundle and redeploy.`);
  }
  return openDeploymentBundle(parsed.data);
}
