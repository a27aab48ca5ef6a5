import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import {
  KINDS, compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace,
  type Declaration, type FileProvider, type Job, type PlaybookEntry, type SourceDocument, type WorkspaceModel,
} from '../../core/index';
import { BUNDLE_FORMAT, BundleError, type BundledModel, type DeploymentBundle } from './bundle-file';

export { BundledDocument, loadDeploymentBundle, openDeploymentBundle, type DocumentFactory, type LoadedBundle, type OpenOptions } from './open-bundle';
export {
  BUNDLE_FORMAT, BundleError, loadDeploymentPlan, readDeploymentBundleFile, type BundledModel, type DeploymentBundle, type LoadedPlan,
} from './bundle-file';

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

const PathSchema = z.array(z.union([z.string(), z.number().int()]));
const DeclarationsSchema = z.array(z.object({ id: z.string(), doc: z.number().int().nonnegative(), path: PathSchema }));
const EntrySchema = z.object({
  doc: z.number().int().nonnegative(), name: z.string(), value: z.record(z.string(), z.unknown()),
  removed: z.array(z.tuple([z.string(), z.array(z.number().int())])).optional(),
});
const BundledModelSchema = z.object({
  sources: z.array(z.string()),
  documents: z.array(z.object({ file: z.string(), index: z.number().int().nonnegative() })),
  entries: z.object(Object.fromEntries(KINDS.map((kind) => [kind, z.array(EntrySchema)]))),
  declared: z.array(z.tuple([z.enum(KINDS), DeclarationsSchema])),
  workspaceIds: z.array(z.tuple([z.enum(['channels', 'notify', 'people', 'metrics']), DeclarationsSchema])),
});

/**
 * The full check of a bundle file (bundle-file.ts describes each field), for tools and tests. A
 * cold start checks only the format tag and the top level (readDeploymentBundleFile).
 */
export const DeploymentBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  workspace: z.string(),
  timezone: z.string(),
  files: z.array(z.object({ path: z.string().min(1), text: z.string() })),
  model: BundledModelSchema,
  jobs: z.array(BundleJobSchema),
}) as unknown as z.ZodType<DeploymentBundle>;


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
    model: snapshotModel(model),
    jobs: [...plan.jobs],
  };
}

/** The model as JSON: documents by position, entries with their parsed values, declarations. */
function snapshotModel(model: WorkspaceModel): BundledModel {
  const positions = new Map(model.documents.map((document, position) => [document, position]));
  const position = (document: SourceDocument): number => {
    const found = positions.get(document);
    if (found === undefined) throw new BundleError(`Internal error: a document of ${document.file.path} is missing from the workspace model.`);
    return found;
  };
  const declarations = (list: readonly Declaration[]) => list.map((item) => ({ id: item.id, doc: position(item.document), path: [...item.path] }));
  const entriesOf = (list: readonly PlaybookEntry[]) => list.map((entry) => {
    // `removed` is the loader's bookkeeping for source paths (PlaybookEntry.pathOf); carried so spans stay right.
    const removed = [...entry['removed']];
    return {
      doc: position(entry.document), name: entry.name, value: JSON.parse(JSON.stringify(entry.value)) as Record<string, unknown>,
      ...(removed.length > 0 ? { removed } : {}),
    };
  });
  return {
    sources: [...model.files.keys()],
    documents: model.documents.map((document) => ({ file: document.file.path, index: document.index })),
    entries: {
      Workspace: entriesOf(model.workspaces), Campaign: entriesOf(model.campaigns), SOP: entriesOf(model.sops), Goal: entriesOf(model.goals), Check: entriesOf(model.checks),
    },
    declared: [...model.declared].map(([kind, list]) => [kind, declarations(list)]),
    workspaceIds: [...model.workspaceIds].map(([list, items]) => [list, declarations(items)]),
  };
}

/** Writes the deployment bundle of `playbooksDir` to `outFile` (infra calls this at synth time). Returns the bundle. */
export function writeDeploymentBundle(playbooksDir: string, outFile: string): DeploymentBundle {
  const bundle = buildDeploymentBundle(playbooksDir);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(bundle)}\n`);
  return bundle;
}
