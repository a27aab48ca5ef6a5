import { text } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import type { Rule, RuleContext } from '../context';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholders each message may use, by what sends it. */
const CHECK_FIELDS = ['value', 'threshold', 'condition', 'metric', 'check', 'check.name', 'check.title', 'window', 'severity', 'time'];
const SOP_FIELDS = ['sop.name', 'sop.title', 'step', 'time', 'check.name', 'check.title', 'check.value', 'check.condition', 'event', 'post', 'campaign', 'channel', 'goal', 'keyResult', 'status'];

function checkMessage(context: RuleContext, entry: PlaybookEntry, owner: object, message: string | undefined, allowed: readonly string[]): void {
  if (message === undefined) return;
  for (const match of message.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (allowed.includes(name)) continue;
    context.report(entry, owner, ['message'], 'value', 'warning', 'flywheel/template', text(
      `Unknown placeholder {{${name}}}: it will be sent as is. Available here: ${allowed.map((field) => `{{${field}}}`).join(', ')}.`,
      `未知占位符 {{${name}}}: 将按原样发送。此处可用: ${allowed.map((field) => `{{${field}}}`).join('、')}。`,
    ));
  }
}

/** Message placeholders name values that exist when the message is sent. */
export const templatesRule: Rule = {
  code: 'flywheel/template',
  check(context) {
    for (const entry of context.model.checks) checkMessage(context, entry, entry.value.spec, entry.value.spec.message, CHECK_FIELDS);
    for (const entry of context.model.campaigns) {
      for (const kpi of entry.value.spec.kpis ?? []) checkMessage(context, entry, kpi, kpi.message, CHECK_FIELDS);
    }
    for (const entry of context.model.sops) {
      for (const step of entry.value.spec.steps) checkMessage(context, entry, step, step.message, SOP_FIELDS);
    }
  },
};
