import { text } from '../../diagnostics';
import type { Rule } from '../context';

/** A post has exactly one of `at` (one time) and `schedule` (a series). */
export const postTimingRule: Rule = {
  code: 'flywheel/post-time',
  check(context) {
    for (const entry of context.model.campaigns) {
      for (const post of entry.value.spec.posts ?? []) {
        if (post.at !== undefined && post.schedule !== undefined) {
          context.report(entry, post, ['schedule'], 'key', 'error', this.code, text(
            `Post "${post.id}" has both "at" and "schedule". Keep "at" for one post at one time, or "schedule" for a series.`,
            `内容 "${post.id}" 同时设置了 "at" 和 "schedule"。一次性发布用 "at", 系列发布用 "schedule", 只保留一个。`,
          ));
        } else if (post.at === undefined && post.schedule === undefined) {
          context.report(entry, post, ['id'], 'value', 'error', this.code, text(
            `Post "${post.id}" has no time. Add "at: YYYY-MM-DD HH:mm" for one post, or "schedule: cron(...)" for a series.`,
            `内容 "${post.id}" 没有发布时间。一次性发布请加 "at: YYYY-MM-DD HH:mm", 系列发布请加 "schedule: cron(...)"。`,
          ));
        }
      }
    }
  },
};
