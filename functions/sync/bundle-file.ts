import { readFileSync } from 'node:fs';
import type { Job, Kind, PathSegment, Plan } from '../../core/index';

/*
 * The deployment bundle file as handlers read it, kept apart from deployment-bundle.ts (which
 * builds bundles with the compiler and restores the workspace model): the tick and sync functions
 * need only the plan, and importing this file costs them none of core's parsers and schemas.
 */

/**
 * The bundle's format tag; a handler refuses a bundle of another format. Version 2 carries the
 * validated workspace model, so a cold start reads JSON instead of parsing and validating YAML.
 */
export const BUNDLE_FORMAT = 'flywheel-deployment-bundle/2';

/** The playbooks cannot be deployed as they are, or the bundle file cannot be used. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** An id declared in the workspace: the document it is in (by position) and its data path. */
export interface BundledDeclaration {
  readonly id: string;
  readonly doc: number;
  readonly path: PathSegment[];
}

/** One schema-valid playbook document. */
export interface BundledEntry {
  /** Position of its document in `documents`. */
  readonly doc: number;
  readonly name: string;
  /** The document as its kind's schema parsed it (core/schema), JSON-safe. */
  readonly value: Record<string, unknown>;
  /** List items the loader pruned, by data path (JSON of the list's path); absent when none. */
  readonly removed?: Array<[string, number[]]>;
}

/** The workspace model as `loadWorkspace` built it at synth time, in JSON (deployment-bundle.ts restores it). */
export interface BundledModel {
  /** The playbook files (their texts are in `files`), in load order. */
  readonly sources: string[];
  /** Every YAML document: its file and its index among the file's non-empty documents. */
  readonly documents: Array<{ readonly file: string; readonly index: number }>;
  readonly entries: Readonly<Record<Kind, BundledEntry[]>>;
  readonly declared: Array<[Kind, BundledDeclaration[]]>;
  readonly workspaceIds: Array<['channels' | 'notify' | 'people' | 'metrics', BundledDeclaration[]]>;
}

/** What the deployment bundle file holds (`writeDeploymentBundle`; DeploymentBundleSchema checks it in full). */
export interface DeploymentBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly workspace: string;
  readonly timezone: string;
  /** Playbook YAML files and the text files posts use as `body`, workspace-relative with `/`. */
  readonly files: Array<{ readonly path: string; readonly text: string }>;
  readonly model: BundledModel;
  readonly jobs: Job[];
}

/** The plan of a deployment, as the functions that only schedule (tick, sync) use it. */
export interface LoadedPlan {
  readonly plan: Plan;
  readonly jobsById: ReadonlyMap<string, Job>;
}

// core's KINDS lives in core/schema/document.ts, which builds the playbook schemas on import; a
// record keyed by Kind lists the same kinds, and the type checker fails here if one is added.
const ENTRY_KINDS: Readonly<Record<Kind, true>> = { Workspace: true, Campaign: true, SOP: true, Goal: true, Check: true };

/**
 * What is wrong with a bundle's top level, if anything: the format tag and the parts a handler
 * reads. Not a deep check (DeploymentBundleSchema is one): zod-parsing every job and document at
 * each cold start cost 5-10 ms, for a file writeDeploymentBundle wrote from validated playbooks
 * that travels inside the code asset (its hash pins it).
 */
function shapeProblem(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'not a JSON object';
  const bundle = raw as Record<string, unknown>;
  if (bundle.format !== BUNDLE_FORMAT) return `format is ${JSON.stringify(bundle.format ?? null)}`;
  for (const field of ['workspace', 'timezone'] as const) if (typeof bundle[field] !== 'string') return `${field} is not a string`;
  for (const field of ['files', 'jobs'] as const) if (!Array.isArray(bundle[field])) return `${field} is not a list`;
  const model = bundle.model as Partial<Record<keyof BundledModel, unknown>> | undefined;
  if (!model || typeof model !== 'object') return 'model is missing';
  for (const field of ['sources', 'documents', 'declared', 'workspaceIds'] as const) if (!Array.isArray(model[field])) return `model.${field} is not a list`;
  const entries = model.entries as Record<string, unknown> | undefined;
  for (const kind of Object.keys(ENTRY_KINDS)) if (!Array.isArray(entries?.[kind])) return `model.entries.${kind} is not a list`;
  return undefined;
}

/** Reads a bundle file and checks its format; the error says what is wrong and how to fix it. */
export function readDeploymentBundleFile(file: string): DeploymentBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BundleError(`Cannot read the deployment bundle ${file}: ${error instanceof Error ? error.message : String(error)}. Check FLYWHEEL_BUNDLE_FILE and that infra copied the bundle into the function.`, { cause: error });
  }
  const problem = shapeProblem(raw);
  if (problem) throw new BundleError(`The deployment bundle ${file} is not a ${BUNDLE_FORMAT} file (${problem}). Rebuild it with writeDeploymentBundle and redeploy.`);
  return raw as DeploymentBundle;
}

/** The plan of a bundle, jobs indexed by id. */
export function planOf(bundle: DeploymentBundle): LoadedPlan {
  const plan: Plan = { workspace: bundle.workspace, timezone: bundle.timezone, jobs: bundle.jobs };
  return { plan, jobsById: new Map(plan.jobs.map((job) => [job.id, job])) };
}

/** Reads only the plan of a bundle file (no workspace model): what the tick and sync functions need. */
export function loadDeploymentPlan(file: string): LoadedPlan {
  return planOf(readDeploymentBundleFile(file));
}
