import { text } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import type { PathSegment } from '../../load/yaml-document';
import { BUILTIN_METRICS } from '../../metrics/index';
import { suggestClosest } from '../../suggest';
import type { Rule, RuleContext } from '../context';

type Target = 'channel' | 'notify' | 'person' | 'metric' | 'check' | 'sop' | 'campaign';

const TARGET_TEXT: Record<Target, { en: string; zh: string; where: string; whereZh: string }> = {
  channel: { en: 'channel', zh: '渠道', where: 'the Workspace `channels`', whereZh: 'Workspace 的 `channels`' },
  notify: { en: 'notify target', zh: '通知目标', where: 'the Workspace `notify`', whereZh: 'Workspace 的 `notify`' },
  person: { en: 'person', zh: '人员', where: 'the Workspace `people`', whereZh: 'Workspace 的 `people`' },
  metric: { en: 'metric', zh: '指标', where: 'the built-in metrics or the Workspace `metrics`', whereZh: '内置指标或 Workspace 的 `metrics`' },
  check: { en: 'check', zh: '检查', where: 'a Check document', whereZh: 'Check 文档' },
  sop: { en: 'SOP', zh: 'SOP', where: 'an SOP document', whereZh: 'SOP 文档' },
  campaign: { en: 'campaign', zh: '营销活动', where: 'a Campaign document', whereZh: 'Campaign 文档' },
};

/** The ids each kind of reference may name, read leniently so broken documents still count. */
function knownIds(context: RuleContext): Record<Target, Set<string>> {
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
    const ref = (entry: PlaybookEntry, owner: object, field: readonly PathSegment[], id: string | undefined, target: Target) => {
      if (id === undefined || known[target].has(id)) return;
      const guess = suggestClosest(id, known[target]);
      const words = TARGET_TEXT[target];
      const path = [...entry.pathOf(owner), ...field];
      context.reportAt(entry.document, path, 'value', 'error', this.code, text(
        `Unknown ${words.en} "${id}": it is not defined in ${words.where}.${guess ? ` Did you mean "${guess}"?` : ` Define it there or fix the name.`}`,
        `未知的${words.zh} "${id}": ${words.whereZh} 中没有定义。${guess ? `是否应为 "${guess}"?` : '请在那里定义或修正名称。'}`,
      ), guess ? { fixes: [context.replaceFix(entry.document, path, guess)] } : {});
    };
    const refs = (entry: PlaybookEntry, owner: object, field: string, ids: readonly string[] | undefined, target: Target) => {
      ids?.forEach((id, index) => ref(entry, owner, [field, index], id, target));
    };
    const where = (entry: PlaybookEntry, owner: { where?: { channel?: string; campaign?: string } | undefined }) => {
      if (!owner.where) return;
      ref(entry, owner.where, ['channel'], owner.where.channel, 'channel');
      ref(entry, owner.where, ['campaign'], owner.where.campaign, 'campaign');
    };

    for (const entry of context.model.workspaces) {
      for (const person of entry.value.spec.people ?? []) ref(entry, person, ['notify'], person.notify, 'notify');
      const review = entry.value.spec.review;
      if (review) refs(entry, review, 'notify', review.notify, 'notify');
    }
    for (const entry of context.model.campaigns) {
      const { spec } = entry.value;
      ref(entry, spec, ['owner'], spec.owner, 'person');
      for (const post of spec.posts ?? []) {
        refs(entry, post, 'channels', post.channels, 'channel');
        refs(entry, post, 'approvedBy', post.approvedBy, 'person');
        ref(entry, post, ['owner'], post.owner, 'person');
      }
      for (const kpi of spec.kpis ?? []) {
        ref(entry, kpi, ['metric'], kpi.metric, 'metric');
        refs(entry, kpi, 'notify', kpi.notify, 'notify');
        where(entry, kpi);
      }
    }
    for (const entry of context.model.sops) {
      const { spec } = entry.value;
      ref(entry, spec.trigger, ['check'], spec.trigger.check, 'check');
      ref(entry, spec, ['owner'], spec.owner, 'person');
      for (const step of spec.steps) {
        refs(entry, step, 'notify', step.notify, 'notify');
        ref(entry, step, ['owner'], step.owner, 'person');
      }
    }
    for (const entry of context.model.goals) {
      const { spec } = entry.value;
      ref(entry, spec, ['owner'], spec.owner, 'person');
      refs(entry, spec, 'notify', spec.notify, 'notify');
      for (const keyResult of spec.keyResults) {
        ref(entry, keyResult, ['metric'], keyResult.metric, 'metric');
        where(entry, keyResult);
      }
    }
    for (const entry of context.model.checks) {
      const { spec } = entry.value;
      ref(entry, spec, ['metric'], spec.metric, 'metric');
      refs(entry, spec, 'notify', spec.notify, 'notify');
      ref(entry, spec, ['sop'], spec.sop, 'sop');
      where(entry, spec);
    }
  },
};
