import {
  createNameBook, formatCondition, formatLocal, formatMetricValue, localize, text, workspaceLanguage, type LocalizedText, type NameBook, type WorkspaceModel,
} from '../../core/index';

/*
 * The words of the messages Flywheel writes itself (a check without its own message, a recovery,
 * a review reminder), in the workspace's language: they go to a team chat, not to one CLI user.
 * Names render as titles (createNameBook), numbers by their metric's unit (formatMetricValue).
 */

const books = new WeakMap<object, NameBook>();

/** The names of a workspace in the language its messages are sent in, built once per model. */
export function messageNames(model: WorkspaceModel): NameBook {
  let book = books.get(model);
  if (!book) {
    book = createNameBook(model, workspaceLanguage(model));
    books.set(model, book);
  }
  return book;
}

/** Why an unapproved post of a review: required campaign was not published (the `post.blocked` reason). */
export const NOT_APPROVED_REASON: LocalizedText = text(
  'not approved (the campaign has review: required and the post has no approvedBy)',
  '未审批（该营销活动要求审批，这条内容还没有 approvedBy）',
);

/** A post by title with its campaign: 「中秋礼盒提前看」（中秋营销）. */
export function describePost(names: NameBook, campaign: string, post: string): string {
  return names.lang === 'zh-CN' ? `「${names.post(campaign, post)}」（${names.campaign(campaign)}）` : `"${names.post(campaign, post)}" (${names.campaign(campaign)})`;
}

/** The reminder that a post needing review is not approved yet, with what to do. */
export function reviewReminderMessage(names: NameBook, reminder: { campaign: string; post: string; postAt: number; zone: string }): string {
  const postTime = `${formatLocal(reminder.postAt, reminder.zone)}（${reminder.zone}）`;
  const post = describePost(names, reminder.campaign, reminder.post);
  return localize(text(
    `Awaiting approval: ${post} publishes at ${formatLocal(reminder.postAt, reminder.zone)} (${reminder.zone}) and is not approved yet. Add the approver to its approvedBy, or it will not be published.`,
    `待审批：${post}将于 ${postTime}发布，目前还没有审批。审批后请在该内容的 approvedBy 中写上审批人，否则不会发布。`,
  ), names.lang);
}

/** What a firing or recovered check says when it has no `message` of its own. */
export interface CheckNotice {
  readonly name: string;
  readonly title?: string;
  readonly metric: string;
  readonly condition: string;
  readonly value: number;
}

/** The default message of a check that fired: what, how much, and when it fires. */
export function checkFiredMessage(names: NameBook, check: CheckNotice): string {
  const unit = names.unit(check.metric);
  const shown = formatMetricValue(check.value, unit, { lang: names.lang });
  const condition = formatCondition(check.condition, unit, { lang: names.lang });
  const title = check.title ?? names.check(check.name);
  return localize(text(
    `Check fired: ${title}. ${names.metric(check.metric)} is ${shown} (it fires when ${condition}).`,
    `检查触发：${title}。当前${names.metric(check.metric)} ${shown}（触发条件：${condition}）。`,
  ), names.lang);
}

/** The message of a check that recovered. */
export function checkResolvedMessage(names: NameBook, check: CheckNotice): string {
  const shown = formatMetricValue(check.value, names.unit(check.metric), { lang: names.lang });
  const title = check.title ?? names.check(check.name);
  return localize(text(
    `Resolved: ${title}. ${names.metric(check.metric)} is back at ${shown}.`,
    `已恢复：${title}。${names.metric(check.metric)}已回到 ${shown}。`,
  ), names.lang);
}
