import { text } from '../../diagnostics';
import type { Declaration, PlaybookEntry } from '../../load/index';
import { KINDS } from '../../schema/index';
import type { Rule, RuleContext } from '../context';

interface IdOwner {
  readonly id: string;
}

/** Reports every id that repeats an earlier one in the same list. */
function checkList(context: RuleContext, entry: PlaybookEntry, items: readonly IdOwner[] | undefined, what: string, whatZh: string): void {
  if (!items) return;
  const seen = new Map<string, IdOwner>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (!first) {
      seen.set(item.id, item);
      continue;
    }
    context.report(entry, item, ['id'], 'value', 'error', 'flywheel/duplicate-id', text(
      `Duplicate ${what} id "${item.id}": ids must be unique in their list. Rename one.`,
      `${whatZh} ID "${item.id}" 重复: 同一列表中的 ID 必须唯一。请重命名其中一个。`,
    ), { related: [{ file: entry.file.path, span: entry.span(first, ['id']), message: text('First defined here', '首次定义于此') }] });
  }
}

const KIND_ZH: Record<string, string> = { Workspace: '工作区', Campaign: '营销活动', SOP: 'SOP', Goal: '目标', Check: '检查' };

/** Unique names per kind across files, and unique ids inside each parent list. */
export const duplicateIdsRule: Rule = {
  code: 'flywheel/duplicate-id',
  check(context) {
    for (const kind of KINDS) {
      if (kind === 'Workspace') continue;
      const seen = new Map<string, Declaration>();
      for (const declaration of context.model.declared.get(kind) ?? []) {
        const earlier = seen.get(declaration.id);
        if (!earlier) {
          seen.set(declaration.id, declaration);
          continue;
        }
        // Positions cost a careful parse of the file: work them out only for an actual duplicate.
        const first = { file: earlier.document.file.path, span: earlier.document.span(earlier.path) };
        context.reportAt(declaration.document, declaration.path, 'value', 'error', this.code, text(
          `Duplicate ${kind} name "${declaration.id}": it is already used in ${first.file}:${first.span.line}. Names are unique per kind; rename one.`,
          `${KIND_ZH[kind]}名称 "${declaration.id}" 重复: 已在 ${first.file}:${first.span.line} 使用。同类名称必须唯一, 请重命名其中一个。`,
        ), { related: [{ file: first.file, span: first.span, message: text('First defined here', '首次定义于此') }] });
      }
    }
    for (const entry of context.model.workspaces) {
      const { spec } = entry.value;
      checkList(context, entry, spec.channels, 'channel', '渠道');
      checkList(context, entry, spec.notify, 'notify target', '通知目标');
      checkList(context, entry, spec.people, 'person', '人员');
      checkList(context, entry, spec.metrics, 'metric', '指标');
    }
    for (const entry of context.model.campaigns) {
      checkList(context, entry, entry.value.spec.posts, 'post', '内容');
      for (const post of entry.value.spec.posts ?? []) checkList(context, entry, post.variants, 'variant', '版本');
    }
    for (const entry of context.model.goals) checkList(context, entry, entry.value.spec.keyResults, 'key result', '关键结果');
    for (const entry of context.model.sops) checkList(context, entry, entry.value.spec.steps, 'step', '步骤');
  },
};
