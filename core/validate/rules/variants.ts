import { text } from '../../diagnostics';
import type { Rule } from '../context';

/** A/B variants compare at least two versions that actually differ. */
export const variantsRule: Rule = {
  code: 'flywheel/variant',
  check(context) {
    for (const entry of context.model.campaigns) {
      for (const post of entry.value.spec.posts ?? []) {
        const variants = post.variants;
        if (!variants) continue;
        if (variants.length === 1) {
          context.report(entry, post, ['variants'], 'key', 'warning', this.code, text(
            `Post "${post.id}" has a single variant: an A/B test needs at least two. Add another or remove variants.`,
            `内容 "${post.id}" 只有一个版本: A/B 测试至少需要两个。请再添加一个或删除 variants。`,
          ));
        }
        for (const variant of variants) {
          if (variant.title === undefined && variant.body === undefined && variant.cover === undefined) {
            context.report(entry, variant, ['id'], 'value', 'warning', this.code, text(
              `Variant "${variant.id}" changes nothing: give it its own title, body or cover.`,
              `版本 "${variant.id}" 没有任何改动: 请设置不同的标题、正文或封面。`,
            ));
          }
        }
      }
    }
  },
};
