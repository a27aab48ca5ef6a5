import { createHash } from 'node:crypto';
import type { PlaybookEntry, WorkspaceModel } from '../load/index';
import type { PlatformId } from '../platforms/index';
import { formatLocal, parseDate, parseDurationMinutes, windowInstants } from '../time/index';
import type { FileProvider } from '../validate/index';
import { resolveWorkspacePath } from '../validate/workspace-paths';
import type { AbJob, Job, Plan, PublishJob, RecurringJob, ReminderJob } from './jobs';
import { campaignWindowInstants, listPostRuns } from './post-runs';
import { hashText, hashValue } from './stable-hash';

/** How a campaign KPI is evaluated when it does not say: daily at 09:00 during the window. */
export const DEFAULT_KPI_SCHEDULE = 'cron(0 9 * * ? *)';
/** When goals are tracked when the workspace does not say: 00:05 every day. */
export const DEFAULT_TRACKING_TIME = '00:05';
/** How long before an unapproved post its owner is reminded. */
export const DEFAULT_REMIND_BEFORE_MINUTES = 120;

/** The scheduled minute as a compact UTC stamp for ids: 20270120T1200Z. */
export function formatIdInstant(instant: number): string {
  return new Date(instant).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
}

interface CompileContext {
  readonly model: WorkspaceModel;
  readonly zone: string;
  readonly files?: FileProvider;
  readonly fileHashes: Map<string, string>;
}

/** Hash of a referenced file's bytes, so editing a body file shows as a change of its posts. */
function fileHash(context: CompileContext, playbookFile: string, reference: string): string {
  const path = resolveWorkspacePath(playbookFile, reference);
  if (path === undefined || !context.files) return 'unresolved';
  let hash = context.fileHashes.get(path);
  if (hash === undefined) {
    const bytes = context.files.readFile(path);
    hash = bytes === undefined ? 'missing' : createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    context.fileHashes.set(path, hash);
  }
  return hash;
}

function compileCampaign(context: CompileContext, entry: PlaybookEntry<'Campaign'>, jobs: Job[]): void {
  const { spec } = entry.value;
  const window = campaignWindowInstants(spec.window, context.zone);
  if (!window) return;
  const workspace = context.model.workspaces[0]?.value.spec;
  const platformOf = new Map((workspace?.channels ?? []).map((channel) => [channel.id, channel.platform as PlatformId]));
  const reviewRequired = spec.review === 'required';
  const remindBefore = (workspace?.review?.remindBefore && parseDurationMinutes(workspace.review.remindBefore)) || DEFAULT_REMIND_BEFORE_MINUTES;
  for (const post of spec.posts ?? []) {
    const zone = post.timezone ?? context.zone;
    const approved = (post.approvedBy ?? []).length > 0;
    const bodyHash = post.body !== undefined && typeof post.body !== 'string' ? fileHash(context, entry.file.path, post.body.file) : undefined;
    // Hashed once per post: every job of the post (channels, variants, occurrences) shares it.
    const postHash = hashValue({ post: { ...post, variants: undefined }, bodyHash });
    const variants = post.variants ?? [];
    const totalWeight = variants.reduce((sum, variant) => sum + (variant.weight ?? 1), 0);
    const versions = variants.length === 0 ? [undefined] : variants;
    // What a variant adds to its jobs' hashes (its fields and body file), hashed once per post.
    const variantHashes = versions.map((variant) => {
      const variantBodyHash = variant?.body !== undefined && typeof variant.body !== 'string' ? fileHash(context, entry.file.path, variant.body.file) : undefined;
      return variant === undefined ? '' : hashValue({ variant, variantBodyHash });
    });
    for (const at of listPostRuns(post, zone, window)) {
      const stamp = formatIdInstant(at);
      const local = formatLocal(at, zone);
      for (const channel of post.channels) {
        const platform = platformOf.get(channel);
        if (!platform) continue;
        versions.forEach((variant, position) => {
          const share = variant ? (variant.weight ?? 1) / totalWeight : 1;
          const job: Omit<PublishJob, 'hash'> = {
            kind: 'publish', id: `publish/${entry.name}/${post.id}/${channel}${variant ? `/${variant.id}` : ''}/${stamp}`,
            file: entry.file.path, campaign: entry.name, post: post.id, channel, platform, ...(variant ? { variant: variant.id } : {}),
            share, at, local, zone, approved, reviewRequired,
          };
          // The job's own fields are primitives set in a fixed order above, so plain JSON is stable.
          jobs.push({ ...job, hash: hashText(`${JSON.stringify(job)}\u0000${postHash}\u0000${variantHashes[position] as string}`) });
        });
      }
      if (reviewRequired && !approved) {
        const owner = post.owner ?? spec.owner;
        const ownerNotify = workspace?.people?.find((person) => person.id === owner)?.notify;
        const notify = workspace?.review?.notify ?? (ownerNotify ? [ownerNotify] : []);
        const remindAt = at - remindBefore * 60_000;
        const job: Omit<ReminderJob, 'hash'> = {
          kind: 'reminder', id: `reminder/${entry.name}/${post.id}/${stamp}`, file: entry.file.path,
          campaign: entry.name, post: post.id, at: remindAt, local: formatLocal(remindAt, zone), zone, postAt: at, notify,
        };
        jobs.push({ ...job, hash: hashValue(job) });
      }
    }
  }
  for (const post of spec.posts ?? []) {
    if ((post.variants ?? []).length < 2) continue;
    const job: Omit<AbJob, 'hash'> = {
      kind: 'ab', id: `ab/${entry.name}/${post.id}`, file: entry.file.path, campaign: entry.name, post: post.id,
      variants: (post.variants ?? []).map((variant) => variant.id), from: window.from, at: window.until,
    };
    jobs.push({ ...job, hash: hashValue(job) });
  }
  const kpiIds = new Map<string, number>();
  for (const kpi of spec.kpis ?? []) {
    const base = `check/${entry.name}/kpi-${kpi.metric}`;
    const seen = (kpiIds.get(base) ?? 0) + 1;
    kpiIds.set(base, seen);
    const job: Omit<RecurringJob, 'hash'> = {
      kind: 'check', id: seen === 1 ? base : `${base}-${seen}`, file: entry.file.path, target: `${entry.name}/kpi-${kpi.metric}${seen === 1 ? '' : `-${seen}`}`,
      schedule: kpi.schedule ?? DEFAULT_KPI_SCHEDULE, zone: context.zone, from: window.from, until: window.until,
    };
    jobs.push({ ...job, hash: hashValue({ job, kpi }) });
  }
}

function recurring(job: Omit<RecurringJob, 'hash'>, definition: unknown): RecurringJob {
  return { ...job, hash: hashValue({ job, definition }) };
}

/**
 * Compiles a validated workspace into its plan: every publish (post × channel × variant ×
 * occurrence, with its UTC instant and local time), review reminder, check (including campaign
 * KPIs), goal tracking and scheduled SOP. Ids are deterministic, so plans can be diffed.
 *
 * A/B variants: each variant is published to the same channel at the same minute as its own job
 * carrying its `share` of the audience (weight / total weight, equal by default); the connector
 * splits the audience where the platform supports it (WeChat groups, tags), and results are
 * compared per variant from the metrics rows that carry `variant`.
 */
export function compilePlan(model: WorkspaceModel, files?: FileProvider): Plan {
  const workspace = model.workspaces[0];
  const zone = workspace?.value.spec.timezone ?? 'UTC';
  const context: CompileContext = { model, zone, ...(files ? { files } : {}), fileHashes: new Map() };
  const jobs: Job[] = [];
  for (const entry of model.campaigns) compileCampaign(context, entry, jobs);
  for (const entry of model.checks) {
    const { spec } = entry.value;
    jobs.push(recurring({ kind: 'check', id: `check/${entry.name}`, file: entry.file.path, target: entry.name, schedule: spec.schedule, zone: spec.timezone ?? zone }, spec));
  }
  const trackingAt = workspace?.value.spec.tracking?.at ?? DEFAULT_TRACKING_TIME;
  const [hour, minute] = trackingAt.split(':').map(Number);
  for (const entry of model.goals) {
    const { spec } = entry.value;
    const start = parseDate(spec.window.start);
    const end = parseDate(spec.window.end);
    if (!start || !end) continue;
    const window = windowInstants(start, end, zone);
    // One more day past the window end records the final status.
    jobs.push(recurring({
      kind: 'track', id: `track/${entry.name}`, file: entry.file.path, target: entry.name,
      schedule: `cron(${minute ?? 5} ${hour ?? 0} * * ? *)`, zone, from: window.from, until: window.until + 86_400_000,
    }, spec));
  }
  for (const entry of model.sops) {
    const { trigger } = entry.value.spec;
    if (trigger.schedule === undefined) continue;
    jobs.push(recurring({ kind: 'sop', id: `sop/${entry.name}`, file: entry.file.path, target: entry.name, schedule: trigger.schedule, zone: trigger.timezone ?? zone }, entry.value.spec));
  }
  jobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { workspace: workspace?.name ?? '', timezone: zone, jobs };
}
