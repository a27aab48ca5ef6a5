import { text } from '../../diagnostics';
import type { Rule } from '../context';

/** With review: required, a post without approvedBy will be blocked at its time: say so now. */
export const reviewRule: Rule = {
  code: 'flywheel/unapproved-post',
  check(context) {
    for (const entry of context.model.campaigns) {
      const { spec } = entry.value;
      if (spec.review !== 'required') continue;
      for (const post of spec.posts ?? []) {
        if (post.approvedBy && post.approvedBy.length > 0) continue;
        context.report(entry, post, ['id'], 'value', 'warning', this.code, text(
          `Campaign "${entry.name}" requires review, and post "${post.id}" has no approvedBy: it will be blocked at its time (post.blocked). Add approvedBy: [<person>] once it is approved.`,
          `营销活动 "${entry.name}" 要求审核, 内容 "${post.id}" 没有 approvedBy: 到时将被拦截 (post.blocked)。审批通过后请添加 approvedBy: [<审批人>]。`,
        ));
      }
    }
  },
};
