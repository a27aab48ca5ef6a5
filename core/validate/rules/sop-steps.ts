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
        if ((step.notify ?? []).length === 0 && step.owner === undefined) {
          context.report(entry, step, ['id'], 'value', 'warning', this.code, text(
            `Step "${step.id}" has neither notify nor owner, so its message reaches nobody. Add notify: [<target>].`,
            `步骤 "${step.id}" 既没有 notify 也没有 owner, 消息不会发给任何人。请添加 notify: [<目标>]。`,
          ));
        }
      }
    }
  },
};
