import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import {
  KINDS, PlaybookEntry, SourceFile, YamlDocument, compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace,
  type Declaration, type FileProvider, type Job, type Kind, type WorkspaceModel,
} from '../../core/index';
import {
  BUNDLE_FORMAT, BundleError, planOf, readDeploymentBundleFile, type BundledModel, type DeploymentBundle, type LoadedPlan,
} from './bundle-file';

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

/** The playbooks as a handler uses them: the model, the plan, and the bundled files. */
export interface LoadedBundle extends LoadedPlan {
  readonly model: WorkspaceModel;
  readonly files: FileProvider;
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
    model: snapshotModel(model),
    jobs: [...plan.jobs],
  };
}

/** The model as JSON: documents by position, entries with their parsed values, declarations. */
function snapshotModel(model: WorkspaceModel): BundledModel {
  const positions = new Map(model.documents.map((document, position) => [document, position]));
  const position = (document: YamlDocument): number => {
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

/**
 * Rebuilds the workspace model of the bundle: the same files, documents, entries and
 * declarations `loadWorkspace` produced at synth time, without parsing or validating YAML again
 * (that was 30-90 ms of every cold start). Documents stay lazy: a source position is worked out
 * from the bundled text only when something asks for one.
 */
function restoreModel(snapshot: BundledModel, texts: ReadonlyMap<string, string>): WorkspaceModel {
  const files = new Map<string, SourceFile>();
  for (const path of snapshot.sources) {
    const text = texts.get(path) ?? '';
    // The loader drops a byte order mark before it parses (core/load/parse-file.ts); so positions match.
    files.set(path, new SourceFile(path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  }
  const documents = snapshot.documents.map((document) => new YamlDocument(files.get(document.file) ?? new SourceFile(document.file, ''), document.index));
  const documentAt = (position: number): YamlDocument => {
    const document = documents[position];
    if (!document) throw new BundleError(`The deployment bundle names document ${position}, which it does not hold. Rebuild it with writeDeploymentBundle and redeploy.`);
    return document;
  };
  const entries = <K extends Kind>(kind: K): PlaybookEntry<K>[] => snapshot.entries[kind].map((entry) => new PlaybookEntry(
    kind, entry.name, documentAt(entry.doc), entry.value as unknown as PlaybookEntry<K>['value'], new Map(entry.removed ?? []),
  ));
  const declarations = (list: BundledModel['declared'][number][1]): Declaration[] => list.map((item) => ({ id: item.id, document: documentAt(item.doc), path: item.path }));
  return {
    files, documents,
    workspaces: entries('Workspace'), campaigns: entries('Campaign'), sops: entries('SOP'), goals: entries('Goal'), checks: entries('Check'),
    declared: new Map(snapshot.declared.map(([kind, list]) => [kind, declarations(list)])),
    workspaceIds: new Map(snapshot.workspaceIds.map(([list, items]) => [list, declarations(items)])),
  };
}

/** Turns a bundle into what handlers use: the workspace model, the plan and the bundled files. */
export function openDeploymentBundle(bundle: DeploymentBundle): LoadedBundle {
  const texts = new Map(bundle.files.map((file) => [file.path, file.text]));
  const files: FileProvider = {
    exists: (path) => texts.has(path),
    readFile: (path) => {
      const text = texts.get(path);
      return text === undefined ? undefined : Buffer.from(text, 'utf8');
    },
  };
  return { ...planOf(bundle), model: restoreModel(bundle.model, texts), files };
}

/** Reads, checks and opens a bundle file; the error says what is wrong and how to fix it. */
export function loadDeploymentBundle(file: string): LoadedBundle {
  return openDeploymentBundle(readDeploymentBundleFile(file));
}
