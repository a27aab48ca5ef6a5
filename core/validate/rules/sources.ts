import { text } from '../../diagnostics';
import { DATA_API_PLATFORMS, type DataApiPlatform } from '../../schema/index';
import { parseDurationMinutes } from '../../time/duration';
import type { Rule } from '../context';
import { checkExpression } from './schedules';

/**
 * How far back each platform's data reaches for a pull. WeChat keeps data from 2014-12-01 and
 * answers article data one day a call (platforms-peers-compliance.md §5), so Flywheel caps a
 * backfill at a year: 365 days is 53 user-data calls and 730 article-data calls. Mastodon gives
 * current counts only, so it has no history to backfill.
 */
const MAX_BACKFILL_DAYS: Readonly<Record<DataApiPlatform, number>> = { 'wechat-oa': 365, mastodon: 0 };

const isDataApiPlatform = (platform: string): platform is DataApiPlatform => (DATA_API_PLATFORMS as readonly string[]).includes(platform);

/**
 * Metric sources: a channel source names a channel on a platform with a data API, an http-json
 * source a secret URL and the metrics it may write; schedules are valid; backfill fits the platform.
 * Unknown channel and metric ids are the references rule's.
 */
export const sourcesRule: Rule = {
  code: 'flywheel/source',
  check(context) {
    for (const entry of context.model.workspaces) {
      const channels = entry.value.spec.channels ?? [];
      for (const source of entry.value.spec.sources ?? []) {
        const report = (field: string[], severity: 'error' | 'warning', en: string, zh: string) =>
          context.report(entry, source, field, field.length === 0 ? 'value' : 'key', severity, this.code, text(en, zh));
        if (source.schedule !== undefined) checkExpression(context, entry, source, 'schedule', source.schedule, context.timezone);
        if (source.channel !== undefined && source.type !== undefined) {
          report(['type'], 'error', `Source "${source.id}" names a channel and type ${source.type}; a source is one or the other. Remove one.`,
            `数据源 "${source.id}" 同时设置了 channel 和 type ${source.type}；二者只能选一个。请删除其中之一。`);
          continue;
        }
        if (source.type === 'http-json') {
          if (source.url === undefined) {
            report([], 'error', `The http-json source "${source.id}" needs url: the address it GETs, as secret:NAME or env:VAR.`,
              `http-json 数据源 "${source.id}" 需要 url：它请求的地址，以 secret:名称 或 env:变量名 填写。`);
          }
          if ((source.metrics ?? []).length === 0) {
            report([], 'error', `The http-json source "${source.id}" needs metrics: the metric ids it may write (points of other metrics are refused).`,
              `http-json 数据源 "${source.id}" 需要 metrics：允许写入的指标 ID（其他指标的数据点会被拒绝）。`);
          }
          if (source.backfill !== undefined) {
            report(['backfill'], 'warning', `backfill has no effect on an http-json source: the service decides which points it answers. Remove it.`,
              `backfill 对 http-json 数据源无效：返回哪些数据点由该服务决定。请删除。`);
          }
          continue;
        }
        if (source.channel === undefined) {
          report([], 'error', `Source "${source.id}" needs channel (a channel whose platform has a data API: ${DATA_API_PLATFORMS.join(', ')}) or type: http-json.`,
            `数据源 "${source.id}" 需要 channel（其平台有数据接口：${DATA_API_PLATFORMS.join('、')}）或 type: http-json。`);
          continue;
        }
        for (const field of ['url', 'metrics'] as const) {
          if (source[field] !== undefined) {
            report([field], 'warning', `${field} only applies to an http-json source; a channel source writes the platform's built-in metrics. Remove it.`,
              `${field} 仅用于 http-json 数据源；渠道数据源写入平台的内置指标。请删除。`);
          }
        }
        const channel = channels.find((candidate) => candidate.id === source.channel);
        if (!channel) continue;
        if (!isDataApiPlatform(channel.platform)) {
          report(['channel'], 'error',
            `Channel "${channel.id}" is on ${channel.platform}, which has no data API Flywheel can pull (only ${DATA_API_PLATFORMS.join(', ')}). Import its numbers with flywheel metrics import, or use an http-json source.`,
            `渠道 "${channel.id}" 属于 ${channel.platform}，该平台没有 Flywheel 可拉取的数据接口（仅支持 ${DATA_API_PLATFORMS.join('、')}）。请用 flywheel metrics import 导入数据，或改用 http-json 数据源。`);
          continue;
        }
        if (channel.credentials === undefined) {
          report(['channel'], 'warning', `Channel "${channel.id}" has no credentials, so source "${source.id}" cannot pull and is skipped. Add credentials: secret:NAME to the channel.`,
            `渠道 "${channel.id}" 未配置凭据，数据源 "${source.id}" 无法拉取，将被跳过。请为该渠道添加 credentials: secret:名称。`);
        }
        if (source.backfill === undefined) continue;
        const maxDays = MAX_BACKFILL_DAYS[channel.platform];
        const minutes = parseDurationMinutes(source.backfill);
        if (minutes === undefined) continue;
        if (maxDays === 0) {
          report(['backfill'], 'warning', `backfill has no effect on a ${channel.platform} source: the platform gives current counts only, no history. Remove it.`,
            `backfill 对 ${channel.platform} 数据源无效：该平台只提供当前计数，没有历史数据。请删除。`);
        } else if (minutes > maxDays * 1440) {
          report(['backfill'], 'error', `backfill ${source.backfill} reaches past ${maxDays} days, the most Flywheel pulls from ${channel.platform} (each day of article data is a call). Use ${maxDays}d or less, and import older numbers with flywheel metrics import.`,
            `backfill ${source.backfill} 超过 ${maxDays} 天，这是 Flywheel 从 ${channel.platform} 拉取的上限（每天的文章数据需一次调用）。请改为 ${maxDays}d 或更短，更早的数据用 flywheel metrics import 导入。`);
        }
      }
    }
  },
};
