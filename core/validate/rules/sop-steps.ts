import { text } from '../../diagnostics';
import { parseDurationMinutes } from '../../time/index';
import type { Rule } from '../context';

/** SOP steps are listed in the order they run, and each step reaches someone. */
export const sopStepsRule: Rule = {
  code: 'flywheel/sop-step',
  check(context) {
    for (const entry of context.model.sops) {
      let latest = 0;
      let latestId: string | undefined;
      for (const step of entry.value.spec.steps) {
        const after = step.after === undefined ? 0 : parseDurationMinutes(step.after) ?? 0;
        if (after < latest && latestId !== undefined) {
          context.report(entry, step, ['after'], 'value', 'warning', this.code, text(
            `Step "${step.id}" runs ${step.after ?? 'immediately'} after the trigger, before step "${latestId}" listed above it. Steps run by their "after", so list them in that order.`,
            `步骤 "${step.id}" 在触发后 ${step.after ?? '立即'} 执行, 早于上方的步骤 "${latestId}"。步骤按 "after" 执行, 请按此顺序排列。`,
          ));
        }
        if (after >= latest) {
          latest = after;
          latestId = step.id;
        }
        if (step.message === undefined && step.report === undefined && step.pause === undefined) {
          context.report(entry, step, ['id'], 'value', 'error', this.code, text(
            `Step "${step.id}" does nothing: give it a message to send, a report: { window: 7d } (a review of the window) or a pause: { channels: all }.`,
            `步骤 "${step.id}" 没有任何动作：请添加要发送的 message、report: { window: 7d }（这段时间的复盘）或 pause: { channels: all }。`,
          ));
        } else if (step.message !== undefined && step.report !== undefined) {
          context.report(entry, step, ['report'], 'key', 'error', this.code, text(
            `Step "${step.id}" has both a message and a report; a step sends one of them. Move the message to a step of its own.`,
            `步骤 "${step.id}" 同时有 message 和 report；一个步骤只发送其中之一。请把消息移到单独的步骤。`,
          ));
        }
        if ((step.notify ?? []).length === 0 && step.owner === undefined && (step.message !== undefined || step.report !== undefined)) {
          context.report(entry, step, ['id'], 'value', 'warning', this.code, text(
            `Step "${step.id}" has neither notify nor owner, so its message reaches nobody. Add notify: [<target>].`,
            `步骤 "${step.id}" 既没有 notify 也没有 owner, 消息不会发给任何人。请添加 notify: [<目标>]。`,
          ));
        }
      }
    }
  },
};
