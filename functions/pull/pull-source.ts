import { DEFAULT_BACKFILL, parseDurationMinutes, type FileProvider, type PublishJob, type Source, type WorkspaceModel } from '../../core/index';
import type { ConnectorDeps } from '../connectors/connector';
import { renderPost } from '../engine/render-post';
import type { FlywheelStore, MetricPoint } from '../store/index';
import { prepareSource } from './prepare-source';
import { snapshotTime } from './mastodon';
import type { CredentialProblem, PublishedPost, PullOutcome } from './pull-connector';

/** What pulling one source needs. */
export interface PullContext {
  readonly model: WorkspaceModel;
  readonly files: FileProvider;
  /** The plan's publish jobs: the posts Flywheel publishes, to join the platform's items to. */
  readonly publishJobs: readonly PublishJob[];
  readonly store: FlywheelStore;
  readonly deps: ConnectorDeps;
  readonly now: number;
}

/** What pulling one source came to, as `flywheel pull` reports it. */
export interface SourceResult {
  readonly id: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  /** Points read from the platform (all written; a repeat rewrites the same ones). */
  readonly points: number;
  /** Of those, points that were not stored before (or had another value). */
  readonly new: number;
  readonly message?: string;
  /** The message in Chinese, where it was written in both languages (text output picks by --lang; JSON keeps `message`). */
  readonly messageZh?: string;
  /** The channel pulled, for channel sources. */
  readonly channel?: string;
  /** Set when the platform refused the credentials: what to renew (the `credential.failed` event). */
  readonly credential?: CredentialProblem;
  /** Requests made to the platform's data API. */
  readonly calls?: number;
}

/** A point's identity in the store: metric, time and dimensions. */
function pointKey(point: MetricPoint): string {
  return [point.metric, point.time, point.channel, point.campaign, point.post, point.variant, point.content_type].map((part) => part ?? '').join('\u0000');
}

/** The posts of `channel` that were due by `now`, with their titles and the ids recorded at publish. */
async function publishedPosts(context: PullContext, channel: string): Promise<PublishedPost[]> {
  const posts: PublishedPost[] = [];
  for (const job of context.publishJobs) {
    if (job.channel !== channel || job.at > context.now) continue;
    const record = await context.store.getPublishRecord(job.id);
    const title = renderPost(context.model, context.files, job).title;
    posts.push({
      campaign: job.campaign, post: job.post, at: job.at, ...(job.variant ? { variant: job.variant } : {}), ...(title ? { title } : {}),
      platformIds: record?.platformId && record.status !== 'failed' ? [record.platformId] : [],
    });
  }
  return posts;
}

/** Sums the stored points of running-count metrics per `metric post`, before `until` (Mastodon's increments). */
async function storedTotals(store: FlywheelStore, channel: string, posts: readonly PublishedPost[], until: number): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (posts.length === 0) return totals;
  const since = Math.min(...posts.map((post) => post.at)) - 1;
  for (const metric of ['likes', 'shares', 'comments']) {
    for (const point of await store.queryMetricPoints(metric, since, until - 1)) {
      if (point.channel !== channel || point.post === undefined) continue;
      totals.set(`${metric} ${point.post}`, (totals.get(`${metric} ${point.post}`) ?? 0) + point.value);
    }
  }
  return totals;
}

/**
 * Where a pull starts: `backfill` ago, or, for WeChat's daily data, the last day whose followers
 * are stored, so a pull after a gap fills exactly the gap (up to `backfill`), and that last day is
 * read again: numbers read before WeChat finished the day (08:00 Beijing time) are corrected.
 */
async function pullStart(context: PullContext, source: Source, platform: string | undefined): Promise<number> {
  const backfillMs = (parseDurationMinutes(source.backfill ?? DEFAULT_BACKFILL) ?? 0) * 60_000;
  const earliest = context.now - backfillMs;
  if (platform !== 'wechat-oa' || source.channel === undefined) return earliest;
  const stored = (await context.store.queryMetricPoints('followers', earliest - 1, context.now)).filter((point) => point.channel === source.channel);
  const latest = stored.at(-1)?.time;
  return latest === undefined ? earliest : Math.max(earliest, latest);
}

/** Counts the points that are not stored yet with the same value, then writes them all. */
async function storePoints(store: FlywheelStore, points: readonly MetricPoint[]): Promise<number> {
  if (points.length === 0) return 0;
  const stored = new Map<string, number>();
  for (const metric of new Set(points.map((point) => point.metric))) {
    const times = points.filter((point) => point.metric === metric).map((point) => point.time);
    for (const point of await store.queryMetricPoints(metric, Math.min(...times) - 1, Math.max(...times))) stored.set(pointKey(point), point.value);
  }
  const fresh = points.filter((point) => stored.get(pointKey(point)) !== point.value).length;
  await store.putMetricPoints(points);
  return fresh;
}

/** Says how the platform's items were joined to posts, when there were any. */
function describeJoins(outcome: PullOutcome): string | undefined {
  const joins = outcome.joins;
  if (!joins || joins.byId + joins.byTitleAndDate + joins.unmatched === 0) return undefined;
  return `items joined to posts: ${joins.byId} by the id recorded at publish, ${joins.byTitleAndDate} by title and date, ${joins.unmatched} not Flywheel's (counted for the channel)` +
    ` (与内容的匹配：按发布时记录的 ID ${joins.byId} 条，按标题和日期 ${joins.byTitleAndDate} 条，非 Flywheel 发布 ${joins.unmatched} 条，计入渠道)`;
}

/**
 * Pulls one source now into the store: reads from its backfill start (or where the last pull
 * stopped), writes the points idempotently (a repeat adds nothing new), and reports. Never
 * throws for what the platform, the network or a secret does.
 */
export async function pullSource(context: PullContext, source: Source): Promise<SourceResult> {
  const spec = context.model.workspaces[0]?.value.spec;
  if (!spec) return { id: source.id, status: 'failed', points: 0, new: 0, message: 'The workspace has no Workspace document (缺少 Workspace 文档)' };
  let prepared;
  try {
    prepared = await prepareSource(source, spec, context.deps);
  } catch (error) {
    prepared = { status: 'failed' as const, reason: error instanceof Error ? error.message : String(error) };
  }
  if (prepared.status === 'skipped') return { id: source.id, status: 'skipped', points: 0, new: 0, message: prepared.reason.en, messageZh: prepared.reason.zh };
  if (prepared.status === 'failed') {
    return { id: source.id, status: 'failed', points: 0, new: 0, message: prepared.reason, ...(source.channel ? { channel: source.channel } : {}), ...(prepared.renew ? { credential: { renew: prepared.renew } } : {}) };
  }
  const platform = spec.channels?.find((channel) => channel.id === source.channel)?.platform;
  const published = prepared.channel ? await publishedPosts(context, prepared.channel) : [];
  const from = await pullStart(context, source, platform);
  const totals = platform === 'mastodon' && prepared.channel ? await storedTotals(context.store, prepared.channel, published, snapshotTime(context.now)) : undefined;
  const outcome = await prepared.connector.pull({ from, now: context.now, published, ...(totals ? { storedTotals: totals } : {}) });
  const fresh = await storePoints(context.store, outcome.points);
  const notes = [outcome.status === 'failed' ? outcome.reason : outcome.note, describeJoins(outcome)].filter((note): note is string => note !== undefined);
  return {
    id: source.id, status: outcome.status, points: outcome.points.length, new: fresh, calls: outcome.calls,
    ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
    ...(prepared.channel ? { channel: prepared.channel } : {}),
    ...(outcome.status === 'failed' && outcome.credential ? { credential: outcome.credential } : {}),
  };
}
