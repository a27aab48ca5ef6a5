import type { Lang } from '../diagnostics';
import { formatCondition, type NameBook } from '../format/index';
import { EVENT_TEXT, GOAL_STATUS_TEXT, term } from '../i18n/glossary';
import type { MessageValue } from './render-message';

/*
 * The spec's table of message placeholders (playbook-language.md, "Placeholders in messages"):
 * which placeholder each message can use, by what sends it. The validator warns about a
 * placeholder outside these lists, and the handlers fill every one of them.
 */

/** A check's `message` and a campaign KPI's `message`. */
export const CHECK_MESSAGE_PLACEHOLDERS = [
  'value', 'threshold', 'condition', 'metric', 'window', 'severity', 'check', 'check.name', 'check.title', 'check.value', 'time',
] as const;
/** Any SOP step. */
export const SOP_STEP_PLACEHOLDERS = ['sop.name', 'sop.title', 'step', 'time'] as const;
/** A step of an SOP a check starts (its trigger, or a check's `sop:`), and of one started by `check.fired`. */
export const CHECK_TRIGGER_PLACEHOLDERS = ['check.name', 'check.title', 'check.value', 'check.condition'] as const;

/** What an event that starts an SOP is about, by id; a queued SOP step keeps it, so its messages can name it. */
export interface MessageSubject {
  /** The event, such as post.blocked or goal.off-track. */
  readonly event: string;
  readonly post?: string;
  readonly campaign?: string;
  readonly channel?: string;
  readonly goal?: string;
  readonly keyResult?: string;
  readonly status?: string;
}

/** The placeholders an event fills besides `{{event}}`, by what it is about. */
export function eventSubjectPlaceholders(event: string): readonly string[] {
  if (event.startsWith('post.')) return ['post', 'campaign', 'channel'];
  if (event.startsWith('goal.')) return ['goal', 'keyResult', 'status'];
  if (event.startsWith('credential.')) return ['channel'];
  if (event.startsWith('check.')) return CHECK_TRIGGER_PLACEHOLDERS;
  return [];
}

/** How an SOP can start: its trigger, and whether a check names it with `sop:`. */
export interface SopStart {
  readonly schedule?: string;
  readonly check?: string;
  readonly event?: string;
}

/** The placeholders a step of an SOP started this way can use. */
export function sopStepPlaceholders(start: SopStart): readonly string[] {
  if (start.check !== undefined) return [...SOP_STEP_PLACEHOLDERS, ...CHECK_TRIGGER_PLACEHOLDERS];
  if (start.event !== undefined) return [...SOP_STEP_PLACEHOLDERS, 'event', ...eventSubjectPlaceholders(start.event)];
  return SOP_STEP_PLACEHOLDERS;
}

/** What a step's message is rendered from: the SOP, the step, and what started it. */
export interface SopStepMessageInput {
  readonly book: NameBook;
  readonly sop: string;
  readonly step: string;
  /** The step's time, already formatted in the workspace zone (`YYYY-MM-DD HH:mm`). */
  readonly time: string;
  /** The check that started it, with its definition's condition and metric. */
  readonly check?: { readonly name: string; readonly title?: string; readonly value?: number; readonly condition?: string; readonly metric?: string };
  readonly subject?: MessageSubject;
}

/** An event's name in words (post.blocked → 内容被拦截); an unknown one as it is. */
export function describeEventName(event: string, lang: Lang): string {
  return term(EVENT_TEXT, event, lang);
}

/** The value of every placeholder a step of this start can use; names render as titles. */
export function buildSopStepValues(input: SopStepMessageInput): Record<string, MessageValue | undefined> {
  const { book, check, subject } = input;
  const values: Record<string, MessageValue | undefined> = {
    'sop.name': input.sop, 'sop.title': book.sop(input.sop), step: input.step, time: input.time,
  };
  if (check) {
    const unit = book.unit(check.metric ?? book.checkMetric(check.name) ?? '');
    values['check.name'] = check.name;
    values['check.title'] = check.title ?? book.check(check.name);
    values['check.value'] = check.value === undefined ? undefined : { amount: check.value, unit };
    values['check.condition'] = check.condition === undefined ? undefined : formatCondition(check.condition, unit, { lang: book.lang });
  }
  if (subject) {
    values.event = describeEventName(subject.event, book.lang);
    if (subject.campaign !== undefined) values.campaign = book.campaign(subject.campaign);
    if (subject.post !== undefined) values.post = subject.campaign === undefined ? subject.post : book.post(subject.campaign, subject.post);
    if (subject.channel !== undefined) values.channel = book.channel(subject.channel);
    if (subject.goal !== undefined) values.goal = book.goal(subject.goal);
    if (subject.keyResult !== undefined) values.keyResult = subject.goal === undefined ? subject.keyResult : book.keyResult(subject.goal, subject.keyResult);
    if (subject.status !== undefined) values.status = term(GOAL_STATUS_TEXT, subject.status, book.lang);
  }
  return values;
}
