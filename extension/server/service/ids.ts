/*
 * Ids across files: which keys name which kind of id, where each id is declared, and every place
 * that refers to one. Completion, go to definition and find references share this.
 */
import { BUILTIN_METRICS, localize, type Declaration, type Kind, type Lang, type PlaybookEntry, type ReferenceTarget, type WorkspaceModel } from '../../../core/index';
import { ITEM } from './cursor-context';

/** A kind of id that playbooks refer to. */
export type Target = ReferenceTarget;
export { listReferences, type Reference } from '../../../core/index';

const WORKSPACE_LISTS = { channel: 'channels', notify: 'notify', person: 'people', metric: 'metrics' } as const;
const DOCUMENT_KINDS: Partial<Record<Target, Kind>> = { check: 'Check', sop: 'SOP', campaign: 'Campaign' };

/** Which kind of id the value of `key` names, in a mapping at `path` of a document of `kind`. */
export function referenceTarget(kind: string | undefined, path: readonly string[], key: string | undefined): Target | undefined {
  const inWorkspaceSpec = kind === 'Workspace' && path.length === 1 && path[0] === 'spec';
  switch (key) {
    case 'channels':
      return kind === 'Workspace' ? undefined : 'channel';
    case 'channel':
      return 'channel';
    case 'campaign':
      return 'campaign';
    case 'notify':
      return inWorkspaceSpec ? undefined : 'notify';
    case 'owner':
    case 'approvedBy':
      return 'person';
    case 'metric':
      return 'metric';
    case 'metrics':
      // A metric source's list of the metrics it may write; the Workspace `metrics` list declares them.
      return kind === 'Workspace' && path[1] === 'sources' ? 'metric' : undefined;
    case 'check':
      return 'check';
    case 'sop':
      return 'sop';
    default:
      return undefined;
  }
}

/** The kind of id declared by the value of `key` at `path` (an `id:` in a Workspace list, or `metadata.name`). */
export function declarationTarget(kind: string | undefined, path: readonly string[], key: string | undefined): Target | undefined {
  if (key === 'name' && path.length === 1 && path[0] === 'metadata') {
    return (Object.keys(DOCUMENT_KINDS) as Target[]).find((target) => DOCUMENT_KINDS[target] === kind);
  }
  if (kind !== 'Workspace' || key !== 'id' || path.length !== 3 || path[0] !== 'spec' || path[2] !== ITEM) return undefined;
  return (Object.keys(WORKSPACE_LISTS) as (keyof typeof WORKSPACE_LISTS)[]).find((target) => WORKSPACE_LISTS[target] === path[1]);
}

/** Where ids of a target are declared in the workspace (built-in metrics have no declaration). */
export function declarationsOf(model: WorkspaceModel, target: Target): readonly Declaration[] {
  if (target in WORKSPACE_LISTS) return model.workspaceIds.get(WORKSPACE_LISTS[target as keyof typeof WORKSPACE_LISTS]) ?? [];
  const kind = DOCUMENT_KINDS[target];
  return kind ? model.declared.get(kind) ?? [] : [];
}

/** A few words on what an id stands for, its human name first: a channel's or notify target's title, a person's name, a document's title. */
export function describeId(model: WorkspaceModel, target: Target, id: string): string | undefined {
  const spec = model.workspaces[0]?.value.spec;
  const join = (...parts: (string | undefined)[]) => parts.filter((part) => part !== undefined && part !== '').join(' · ') || undefined;
  switch (target) {
    case 'channel': {
      const channel = spec?.channels?.find((item) => item.id === id);
      return channel && join(channel.title, channel.platform, channel.account);
    }
    case 'person': {
      const person = spec?.people?.find((item) => item.id === id);
      return person && join(person.name, person.role);
    }
    case 'notify': {
      const target = spec?.notify?.find((item) => item.id === id);
      return target && join(target.title, target.type);
    }
    case 'metric': {
      const metric = spec?.metrics?.find((item) => item.id === id);
      return metric && join(metric.title, metric.unit);
    }
    default: {
      const kind = DOCUMENT_KINDS[target];
      const entries = kind === 'Check' ? model.checks : kind === 'SOP' ? model.sops : model.campaigns;
      const entry = (entries as readonly PlaybookEntry[]).find((item) => item.name === id);
      return entry && join((entry.value as { metadata: { title?: string } }).metadata.title, entry.file.path);
    }
  }
}

/** Every id of a target, once each, with a short note on what it is. */
export function knownIds(model: WorkspaceModel, target: Target, lang: Lang): { id: string; detail: string }[] {
  const found = new Map<string, string>();
  for (const declaration of declarationsOf(model, target)) {
    if (!found.has(declaration.id)) found.set(declaration.id, describeId(model, target, declaration.id) ?? declaration.document.file.path);
  }
  if (target === 'metric') {
    for (const [id, metric] of BUILTIN_METRICS) if (!found.has(id)) found.set(id, localize(metric.title, lang));
  }
  return [...found].map(([id, detail]) => ({ id, detail }));
}

