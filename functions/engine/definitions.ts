import {
  createNameBook, kpiToCheckCondition, listKpiChecks, workspaceLanguage, type CheckSpec, type SopSpec, type WorkspaceModel, type Where,
} from '../../core/index';

/** A check as the engine runs it: a Check document, or a campaign KPI turned into one. */
export interface CheckDefinition {
  readonly name: string;
  readonly title?: string;
  readonly metric: string;
  readonly window: string;
  readonly where?: Where;
  /** When it fires (for a KPI: the negated target). */
  readonly condition: string;
  readonly for?: number;
  readonly severity?: 'info' | 'warning' | 'critical';
  readonly notify: readonly string[];
  readonly message?: string;
  /** SOPs to start when it fires. */
  readonly sops: readonly string[];
}

/** Everything the handlers look up by name, built once per plan. */
export interface Definitions {
  readonly checks: ReadonlyMap<string, CheckDefinition>;
  readonly sops: ReadonlyMap<string, SopSpec>;
  /** SOP names by the event that starts them (post.blocked, goal.off-track, check.fired…). */
  readonly sopsByEvent: ReadonlyMap<string, readonly string[]>;
}

/** Collects the checks (including campaign KPIs, named `<campaign>/kpi-<metric>`) and SOPs of a workspace. */
export function collectDefinitions(model: WorkspaceModel): Definitions {
  const sops = new Map(model.sops.map((entry) => [entry.name, entry.value.spec]));
  const sopsByEvent = new Map<string, string[]>();
  const sopsByCheck = new Map<string, string[]>();
  for (const [name, spec] of sops) {
    if (spec.trigger.event) sopsByEvent.set(spec.trigger.event, [...(sopsByEvent.get(spec.trigger.event) ?? []), name]);
    if (spec.trigger.check) sopsByCheck.set(spec.trigger.check, [...(sopsByCheck.get(spec.trigger.check) ?? []), name]);
  }
  const checks = new Map<string, CheckDefinition>();
  const fromCheck = (name: string, spec: CheckSpec, title: string | undefined): CheckDefinition => ({
    name, ...(title ? { title } : {}), metric: spec.metric, window: spec.window, ...(spec.where ? { where: spec.where } : {}),
    condition: spec.condition, ...(spec.for ? { for: spec.for } : {}), ...(spec.severity ? { severity: spec.severity } : {}), notify: spec.notify ?? [], ...(spec.message ? { message: spec.message } : {}),
    sops: [...new Set([...(spec.sop ? [spec.sop] : []), ...(sopsByCheck.get(name) ?? [])])],
  });
  for (const entry of model.checks) checks.set(entry.name, fromCheck(entry.name, entry.value.spec, entry.value.metadata.title));
  // A KPI's check is named by its campaign, metric and target, in the language messages are sent in.
  const names = createNameBook(model, workspaceLanguage(model));
  for (const entry of model.campaigns) {
    for (const { name, kpi } of listKpiChecks(entry)) {
      checks.set(name, {
        name, title: names.check(name), metric: kpi.metric, window: kpi.window,
        ...(kpi.where ? { where: kpi.where } : {}), condition: kpiToCheckCondition(kpi.target), notify: kpi.notify ?? [],
        ...(kpi.message ? { message: kpi.message } : {}), sops: sopsByCheck.get(name) ?? [],
      });
    }
  }
  return { checks, sops, sopsByEvent };
}
