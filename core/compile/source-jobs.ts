import { DEFAULT_SOURCE_SCHEDULES, type DataApiPlatform } from '../schema/index';
import type { WorkspaceModel } from '../load/index';
import { hashValue } from './stable-hash';

/** Pull one metric source on its schedule (spec v1.1 `sources`). */
export interface PullJob {
  readonly kind: 'pull';
  /** `pull/<source id>` */
  readonly id: string;
  readonly hash: string;
  readonly file: string;
  /** The source id. */
  readonly target: string;
  readonly schedule: string;
  readonly zone: string;
}

/**
 * The pull jobs of a workspace: one per source, on its schedule or the default of its platform
 * (wechat-oa daily 08:30, when yesterday's data is ready; mastodon and http-json hourly), in the
 * workspace time zone. A source on a channel that does not exist or has no data API gets none:
 * validation reports it.
 */
export function compileSourceJobs(model: WorkspaceModel): PullJob[] {
  const entry = model.workspaces[0];
  if (!entry) return [];
  const { spec } = entry.value;
  return (spec.sources ?? []).flatMap((source) => {
    const kind = source.type ?? spec.channels?.find((channel) => channel.id === source.channel)?.platform;
    const schedule = source.schedule ?? (kind === undefined ? undefined : DEFAULT_SOURCE_SCHEDULES[kind as DataApiPlatform | 'http-json']);
    if (schedule === undefined) return [];
    const job = { kind: 'pull' as const, id: `pull/${source.id}`, file: entry.file.path, target: source.id, schedule, zone: spec.timezone };
    return [{ ...job, hash: hashValue({ job, source }) }];
  });
}
