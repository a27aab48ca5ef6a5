import { formatLocal, type Lang } from '../../core/index';
import type { EngineEvent } from '../../functions/engine/index';

/** A line of the timeline: local time, UTC, and what happened. */
export function describeEvent(event: EngineEvent, zone: string, lang: Lang): string {
  const local = formatLocal(event.at, zone);
  const utc = new Date(event.at).toISOString().slice(0, 16).replace('T', ' ');
  const zh = lang === 'zh-CN';
  const what = (() => {
    switch (event.type) {
      case 'post.publish': return `${zh ? '发布' : 'publish'} ${event.campaign}/${event.post} → ${event.channel}${event.variant ? ` [${event.variant}]` : ''}`;
      case 'post.blocked': return `${zh ? '拦截' : 'blocked'} ${event.campaign}/${event.post} → ${event.channel}: ${event.reason}`;
      case 'post.failed': return `${zh ? '发布失败' : 'failed'} ${event.campaign}/${event.post} → ${event.channel}: ${event.reason}`;
      case 'post.unconfirmed': return `${zh ? '结果未确认' : 'unconfirmed'} ${event.campaign}/${event.post} → ${event.channel}: ${event.reason}`;
      case 'post.handed-off': return `${zh ? '转人工发布' : 'handed off'} ${event.campaign}/${event.post} → ${event.channel}: ${event.reason}`;
      case 'sop.step': return `SOP ${event.sop} · ${event.step}`;
      case 'check.fired': return `${zh ? '触发' : 'fired'} ${event.check} (${event.value})`;
      case 'check.resolved': return `${zh ? '恢复' : 'resolved'} ${event.check} (${event.value})`;
      case 'check.no-data': return `${zh ? '无数据' : 'no data'} ${event.check}`;
      case 'goal.status': return `${zh ? '目标' : 'goal'} ${event.goal}/${event.keyResult}: ${event.status}${event.value === null ? '' : ` value ${event.value}`}${event.expected === null ? '' : `, expected ${Math.round(event.expected * 1000) / 1000}`}`;
      case 'ab.verdict': return `A/B ${event.campaign}/${event.post}: ${event.verdict}${event.winner ? ` (${event.winner})` : ''}`;
      case 'notify': return `${zh ? '通知' : 'notify'} ${event.target}: ${event.message}`;
    }
  })();
  return `${local}  (${utc} UTC)  ${what}`;
}
