import {
  AB_VERDICT_TEXT, CHECK_EVENT_TEXT, GOAL_STATUS_TEXT, POST_OUTCOME_TEXT, TERMS, createNameBook, formatLocal, formatMetricValue, localize, term,
  type Lang, type NameBook,
} from '../../core/index';
import { NOT_APPROVED_REASON, type EngineEvent } from '../../functions/engine/index';

const NO_NAMES = { workspaces: [], campaigns: [], goals: [], sops: [], checks: [] };

/**
 * A line of the timeline: local time in the workspace zone (the caller names the zone once, in its
 * header) and what happened, in `lang`. Things are named by
 * title through `names` (a NameBook of the workspace in the same language; ids without it),
 * numbers by their metric's unit.
 */
export function describeEvent(event: EngineEvent, zone: string, lang: Lang, names: NameBook = createNameBook(NO_NAMES, lang)): string {
  return `${formatLocal(event.at, zone)}  ${describeWhat(event, lang, names)}`;
}

function describeWhat(event: EngineEvent, lang: Lang, names: NameBook): string {
  const zh = lang === 'zh-CN';
  const colon = zh ? '：' : ': ';
  const word = (entry: { en: string; zh: string }) => localize(entry, lang);
  const post = (campaign: string, id: string) => (zh ? `「${names.post(campaign, id)}」（${names.campaign(campaign)}）` : `"${names.post(campaign, id)}" (${names.campaign(campaign)})`);
  const variant = (campaign: string, id: string, variantId: string) => {
    const title = names.variant(campaign, id, variantId);
    return zh ? `${word(TERMS.variant)} ${variantId}「${title}」` : `${word(TERMS.variant)} ${variantId} "${title}"`;
  };
  const outcome = (status: string, postEvent: { campaign: string; post: string; channel: string }) =>
    `${term(POST_OUTCOME_TEXT, status, lang)} ${post(postEvent.campaign, postEvent.post)} → ${names.channel(postEvent.channel)}`;
  const checkValue = (check: string, value: number) => {
    const metric = names.checkMetric(check);
    return formatMetricValue(value, metric === undefined ? 'count' : names.unit(metric), { lang });
  };
  switch (event.type) {
    case 'post.publish': return `${outcome('published', event)}${event.variant ? ` [${variant(event.campaign, event.post, event.variant)}]` : ''}`;
    case 'post.blocked': return `${outcome('blocked', event)}${colon}${event.reason === NOT_APPROVED_REASON.en ? word(NOT_APPROVED_REASON) : event.reason}`;
    case 'post.failed': return `${outcome('failed', event)}${colon}${event.reason}`;
    case 'post.unconfirmed': return `${outcome('unconfirmed', event)}${colon}${event.reason}`;
    case 'post.held': return `${outcome('held', event)}${event.variant ? ` [${variant(event.campaign, event.post, event.variant)}]` : ''}`;
    case 'post.handed-off': return `${outcome('handed-off', event)}${event.variant ? ` [${variant(event.campaign, event.post, event.variant)}]` : ''}${colon}${event.reason}`;
    case 'sop.step': return zh ? `SOP「${names.sop(event.sop)}」· ${word(TERMS.step)} ${event.step}` : `SOP "${names.sop(event.sop)}" · ${word(TERMS.step)} ${event.step}`;
    case 'check.fired':
    case 'check.resolved': {
      const what = term(CHECK_EVENT_TEXT, event.type === 'check.fired' ? 'fired' : 'resolved', lang);
      return zh ? `${what} ${names.check(event.check)}（${checkValue(event.check, event.value)}）` : `${what} ${names.check(event.check)} (${checkValue(event.check, event.value)})`;
    }
    case 'check.acknowledged': return `${term(CHECK_EVENT_TEXT, 'acknowledged', lang)} ${names.check(event.check)}${event.by ? ` · ${event.by}` : ''}${event.note ? `${colon}${event.note}` : ''}`;
    case 'check.no-data': return `${term(CHECK_EVENT_TEXT, 'no-data', lang)} ${names.check(event.check)}`;
    case 'goal.status': {
      const unit = names.keyResultUnit(event.goal, event.keyResult);
      const numbers = [
        event.value === null ? undefined : `${word(TERMS.value)} ${formatMetricValue(event.value, unit, { lang })}`,
        event.expected === null ? undefined : `${word(TERMS.expected)} ${formatMetricValue(event.expected, unit, { lang })}`,
      ].filter((part) => part !== undefined);
      const status = term(GOAL_STATUS_TEXT, event.status, lang);
      const where = `${word(TERMS.goal)} ${names.goal(event.goal)} / ${names.keyResult(event.goal, event.keyResult)}`;
      return `${where}${colon}${status}${numbers.length > 0 ? `${zh ? '，' : ', '}${numbers.join(zh ? '，' : ', ')}` : ''}`;
    }
    case 'ab.verdict': {
      const verdict = term(AB_VERDICT_TEXT, event.verdict, lang);
      const winner = event.winner ? ` ${variant(event.campaign, event.post, event.winner)}` : '';
      return `${word(TERMS.abTest)} ${post(event.campaign, event.post)}${colon}${verdict}${winner}`;
    }
    case 'notify': return `${word(TERMS.notify)} ${event.target}${colon}${event.title === undefined ? '' : `${event.title}\n`}${event.message}`;
  }
}
