import type { PathSegment, PlaybookEntry, SourceDocument, WorkspaceModel } from '../load/index';

/** What a reference may name. */
export type ReferenceTarget = 'channel' | 'notify' | 'person' | 'metric' | 'check' | 'sop' | 'campaign';

/** A place that names an id. */
export interface Reference {
  readonly target: ReferenceTarget;
  readonly id: string;
  readonly document: SourceDocument;
  readonly path: readonly PathSegment[];
}

/** Every id reference of the schema-valid documents, in file order: what the references rule checks and editors navigate. */
export function listReferences(model: WorkspaceModel): Reference[] {
  const found: Reference[] = [];
  const one = (entry: PlaybookEntry, owner: object, field: readonly PathSegment[], id: string | undefined, target: ReferenceTarget) => {
    if (id !== undefined) found.push({ target, id, document: entry.document, path: [...entry.pathOf(owner), ...field] });
  };
  const many = (entry: PlaybookEntry, owner: object, field: string, ids: readonly string[] | undefined, target: ReferenceTarget) => {
    ids?.forEach((id, index) => one(entry, owner, [field, index], id, target));
  };
  const where = (entry: PlaybookEntry, owner: { where?: { channel?: string; campaign?: string } | undefined }) => {
    if (!owner.where) return;
    one(entry, owner.where, ['channel'], owner.where.channel, 'channel');
    one(entry, owner.where, ['campaign'], owner.where.campaign, 'campaign');
  };
  for (const entry of model.workspaces) {
    for (const person of entry.value.spec.people ?? []) one(entry, person, ['notify'], person.notify, 'notify');
    const review = entry.value.spec.review;
    if (review) many(entry, review, 'notify', review.notify, 'notify');
    for (const source of entry.value.spec.sources ?? []) {
      one(entry, source, ['channel'], source.channel, 'channel');
      many(entry, source, 'metrics', source.metrics, 'metric');
    }
  }
  for (const entry of model.campaigns) {
    const { spec } = entry.value;
    one(entry, spec, ['owner'], spec.owner, 'person');
    for (const post of spec.posts ?? []) {
      many(entry, post, 'channels', post.channels, 'channel');
      many(entry, post, 'approvedBy', post.approvedBy, 'person');
      one(entry, post, ['owner'], post.owner, 'person');
    }
    for (const kpi of spec.kpis ?? []) {
      one(entry, kpi, ['metric'], kpi.metric, 'metric');
      many(entry, kpi, 'notify', kpi.notify, 'notify');
      where(entry, kpi);
    }
  }
  for (const entry of model.sops) {
    const { spec } = entry.value;
    one(entry, spec.trigger, ['check'], spec.trigger.check, 'check');
    one(entry, spec, ['owner'], spec.owner, 'person');
    for (const step of spec.steps) {
      many(entry, step, 'notify', step.notify, 'notify');
      one(entry, step, ['owner'], step.owner, 'person');
    }
  }
  for (const entry of model.goals) {
    const { spec } = entry.value;
    one(entry, spec, ['owner'], spec.owner, 'person');
    many(entry, spec, 'notify', spec.notify, 'notify');
    for (const keyResult of spec.keyResults) {
      one(entry, keyResult, ['metric'], keyResult.metric, 'metric');
      where(entry, keyResult);
    }
  }
  for (const entry of model.checks) {
    const { spec } = entry.value;
    one(entry, spec, ['metric'], spec.metric, 'metric');
    many(entry, spec, 'notify', spec.notify, 'notify');
    one(entry, spec, ['sop'], spec.sop, 'sop');
    where(entry, spec);
  }
  return found;
}
