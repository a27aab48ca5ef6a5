import { text, type LocalizedText } from '../../diagnostics';
import {
  CHECK_MESSAGE_PLACEHOLDERS, CHECK_TRIGGER_PLACEHOLDERS, SOP_STEP_PLACEHOLDERS, eventSubjectPlaceholders, sopStepPlaceholders, unfilledPlaceholder, type SopStart,
} from '../../evaluate/index';
import type { PlaybookEntry } from '../../load/index';
import { SOP_EVENTS } from '../../schema/index';
import { suggestClosest } from '../../suggest';
import type { Rule, RuleContext } from '../context';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every placeholder some message can use: a name outside it is a typo, not a trigger mismatch. */
const KNOWN = new Set<string>([
  ...CHECK_MESSAGE_PLACEHOLDERS, ...SOP_STEP_PLACEHOLDERS, ...CHECK_TRIGGER_PLACEHOLDERS, 'event', ...SOP_EVENTS.flatMap(eventSubjectPlaceholders),
]);

const list = (names: readonly string[], separator: string) => names.map((name) => `{{${name}}}`).join(separator);

function checkMessage(context: RuleContext, entry: PlaybookEntry, owner: object, message: string | undefined, allowed: readonly string[], startedBy: LocalizedText): void {
  if (message === undefined) return;
  for (const match of message.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (allowed.includes(name)) continue;
    const shown = unfilledPlaceholder(name);
    if (KNOWN.has(name)) {
      context.report(entry, owner, ['message'], 'value', 'warning', 'flywheel/template', text(
        `{{${name}}} cannot be filled here (${startedBy.en}): it would be sent as ${shown}. Remove it, or use one of ${list(allowed, ', ')}.`,
        `此处无法填入 {{${name}}}（${startedBy.zh}），发送时会显示为 ${shown}。请删除它，或改用 ${list(allowed, '、')}。`,
      ));
      continue;
    }
    const guess = suggestClosest(name, allowed);
    context.report(entry, owner, ['message'], 'value', 'warning', 'flywheel/template', text(
      `Unknown placeholder {{${name}}}: it would be sent as ${shown}. ${guess ? `Write {{${guess}}}, or use` : 'Use'} one of ${list(allowed, ', ')}.`,
      `未知占位符 {{${name}}}，发送时会显示为 ${shown}。${guess ? `请改为 {{${guess}}}，或使用` : '请使用'} ${list(allowed, '、')}。`,
    ));
  }
}

/** How each SOP can start: its trigger, and each check that names it with `sop:`. */
function listSopStarts(context: RuleContext): Map<string, SopStart[]> {
  const starts = new Map<string, SopStart[]>();
  for (const entry of context.model.sops) starts.set(entry.name, [entry.value.spec.trigger]);
  for (const entry of context.model.checks) {
    const sop = entry.value.spec.sop;
    if (sop !== undefined) starts.get(sop)?.push({ check: entry.name });
  }
  return starts;
}

/** How a start reads in a diagnostic: started on a schedule, by check x, by event y. */
function describeStart(start: SopStart): LocalizedText {
  if (start.check !== undefined) return text(`the SOP is started by check ${start.check}`, `该 SOP 由检查 ${start.check} 启动`);
  if (start.event !== undefined) return text(`the SOP is started by event ${start.event}`, `该 SOP 由事件 ${start.event} 启动`);
  return text('the SOP runs on a schedule', '该 SOP 按计划运行');
}

/** Message placeholders name values that exist when the message is sent, for every way its SOP starts. */
export const templatesRule: Rule = {
  code: 'flywheel/template',
  check(context) {
    for (const entry of context.model.checks) checkMessage(context, entry, entry.value.spec, entry.value.spec.message, CHECK_MESSAGE_PLACEHOLDERS, text('a check message', '检查消息'));
    for (const entry of context.model.campaigns) {
      for (const kpi of entry.value.spec.kpis ?? []) checkMessage(context, entry, kpi, kpi.message, CHECK_MESSAGE_PLACEHOLDERS, text('a KPI message', 'KPI 消息'));
    }
    const starts = listSopStarts(context);
    for (const entry of context.model.sops) {
      const ways = starts.get(entry.name) ?? [entry.value.spec.trigger];
      // A placeholder must be fillable however the SOP starts; name the first start that cannot fill it.
      for (const step of entry.value.spec.steps) {
        const message = step.message;
        if (message === undefined) continue;
        for (const start of ways) {
          const allowed = sopStepPlaceholders(start);
          const missing = [...message.matchAll(PLACEHOLDER)].some((match) => !allowed.includes(match[1] ?? ''));
          if (!missing) continue;
          checkMessage(context, entry, step, message, allowed, describeStart(start));
          break;
        }
      }
    }
  },
};
