import { text } from '../../diagnostics';
import type { Rule } from '../context';

/** An SOP trigger names exactly one of schedule, check and event; options fit the trigger. */
export const sopTriggerRule: Rule = {
  code: 'flywheel/sop-trigger',
  check(context) {
    for (const entry of context.model.sops) {
      const { trigger, steps } = entry.value.spec;
      const set = (['schedule', 'check', 'event'] as const).filter((key) => trigger[key] !== undefined);
      if (set.length !== 1) {
        context.report(entry, trigger, [], 'value', 'error', this.code, set.length === 0
          ? text('The trigger needs one of schedule (a routine), check (start when it fires) or event (post.failed, post.blocked, goal.off-track…).',
            'trigger 需要 schedule (例行)、check (检查触发时启动) 或 event (post.failed、post.blocked、goal.off-track…) 之一。')
          : text(`The trigger sets ${set.join(' and ')}; an SOP starts one way. Keep one, or split it into two SOPs.`,
            `trigger 同时设置了 ${set.join(' 和 ')}; SOP 只能有一种启动方式。请保留一个, 或拆分为两个 SOP。`));
      }
      if (trigger.timezone !== undefined && trigger.schedule === undefined) {
        context.report(entry, trigger, ['timezone'], 'key', 'warning', this.code, text(
          'timezone only applies to a schedule trigger; remove it.', 'timezone 只对 schedule 触发有效; 请删除。'));
      }
      if (trigger.check === undefined) {
        for (const step of steps) {
          if (step.unlessResolved) {
            context.report(entry, step, ['unlessResolved'], 'key', 'warning', this.code, text(
              'unlessResolved only has an effect when the SOP is triggered by a check (trigger: { check: … }); remove it or change the trigger.',
              'unlessResolved 仅在 SOP 由检查触发 (trigger: { check: … }) 时有效; 请删除或修改触发方式。'));
          }
        }
      }
    }
  },
};
