import { text } from '../../diagnostics';
import { BUILTIN_METRICS } from '../../metrics/index';
import { suggestClosest } from '../../suggest';
import type { Rule, RuleContext } from '../context';
import { listReferences, type ReferenceTarget } from '../list-references';

const TARGET_TEXT: Record<ReferenceTarget, { en: string; zh: string; where: string; whereZh: string }> = {
  channel: { en: 'channel', zh: '渠道', where: 'the Workspace `channels`', whereZh: 'Workspace 的 `channels`' },
  notify: { en: 'notify target', zh: '通知目标', where: 'the Workspace `notify`', whereZh: 'Workspace 的 `notify`' },
  person: { en: 'person', zh: '人员', where: 'the Workspace `people`', whereZh: 'Workspace 的 `people`' },
  metric: { en: 'metric', zh: '指标', where: 'the built-in metrics or the Workspace `metrics`', whereZh: '内置指标或 Workspace 的 `metrics`' },
  check: { en: 'check', zh: '检查', where: 'a Check document', whereZh: 'Check 文档' },
  sop: { en: 'SOP', zh: 'SOP', where: 'an SOP document', whereZh: 'SOP 文档' },
  campaign: { en: 'campaign', zh: '营销活动', where: 'a Campaign document', whereZh: 'Campaign 文档' },
};

/** The ids each kind of reference may name, read leniently so broken documents still count. */
function knownIds(context: RuleContext): Record<ReferenceTarget, Set<string>> {
  const ids = (list: readonly { id: string }[] | undefined) => new Set((list ?? []).map((item) => item.id));
  const { workspaceIds, declared } = context.model;
  return {
    channel: ids(workspaceIds.get('channels')),
    notify: ids(workspaceIds.get('notify')),
    person: ids(workspaceIds.get('people')),
    metric: new Set([...BUILTIN_METRICS.keys(), ...ids(workspaceIds.get('metrics'))]),
    check: ids(declared.get('Check')),
    sop: ids(declared.get('SOP')),
    campaign: ids(declared.get('Campaign')),
  };
}

/** Every reference across files names something that exists; a close match is offered as a fix. */
export const referencesRule: Rule = {
  code: 'flywheel/unknown-reference',
  check(context) {
    // Without a Workspace every reference would be reported; the workspace rule already says what is missing.
    if ((context.model.declared.get('Workspace') ?? []).length === 0) return;
    const known = knownIds(context);
    for (const { target, id, document, path } of listReferences(context.model)) {
      if (known[target].has(id)) continue;
      const guess = suggestClosest(id, known[target]);
      const words = TARGET_TEXT[target];
      context.reportAt(document, path, 'value', 'error', this.code, text(
        `Unknown ${words.en} "${id}": it is not defined in ${words.where}.${guess ? ` Did you mean "${guess}"?` : ` Define it there or fix the name.`}`,
        `未知的${words.zh} "${id}": ${words.whereZh} 中没有定义。${guess ? `是否应为 "${guess}"?` : '请在那里定义或修正名称。'}`,
      ), guess ? { fixes: [context.replaceFix(document, path, guess)] } : {});
    }
  },
};
