/* Completion inside a list leaves out the ids already in that list, wherever they are written. */
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../../core/index';
import { complete } from './completion';

const WORKSPACE = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: ids }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: wechat-main, platform: wechat-oa, title: 公众号 }
    - { id: xhs-main, platform: xiaohongshu }
    - { id: douyin-main, platform: douyin }
  notify:
    - { id: ops, type: wecom-bot, title: 运营值班群, url: secret:ops }
    - { id: leads, type: wecom-bot, url: secret:leads }
`;
const model = loadWorkspace([{ path: 'workspace.yaml', bytes: new TextEncoder().encode(WORKSPACE) }]).model;

/** Completion labels at the `|` marker of a Campaign or SOP document body. */
function labels(body: string, kind = 'Campaign'): string[] {
  const marked = `apiVersion: flywheel/v1\nkind: ${kind}\nmetadata: { name: x }\n${body}`;
  const offset = marked.indexOf('|');
  const before = marked.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
  return complete(marked.slice(0, offset) + marked.slice(offset + 1), position, { lang: 'en', model }).map((item) => item.label);
}

describe('id completion in a list', () => {
  it.each([
    ['a flow list, before the cursor', 'spec:\n  posts:\n    - channels: [wechat-main, |]\n', ['xhs-main', 'douyin-main']],
    ['a flow list, after the cursor', 'spec:\n  posts:\n    - channels: [|, xhs-main]\n', ['wechat-main', 'douyin-main']],
    ['a flow list, quoted, both sides', 'spec:\n  posts:\n    - channels: ["wechat-main", x|, \'douyin-main\']\n', ['xhs-main']],
    ['a flow list over lines', 'spec:\n  posts:\n    - channels: [\n        wechat-main,\n        |\n      ]\n', ['xhs-main', 'douyin-main']],
    ['a block list, above and below', 'spec:\n  posts:\n    - channels:\n        - wechat-main   # main\n        - |\n        - douyin-main\n      title: t\n', ['xhs-main']],
    ['a block list, only its own items', 'spec:\n  posts:\n    - channels:\n        - wechat-main\n    - channels:\n        - |\n', ['wechat-main', 'xhs-main', 'douyin-main']],
  ])('%s', (_, body, expected) => {
    expect(labels(body)).toEqual(expected);
  });

  it('keeps the id being typed on offer (the item at the cursor is not "already there")', () => {
    expect(labels('spec:\n  posts:\n    - channels: [xhs-m|]\n')).toEqual(['wechat-main', 'xhs-main', 'douyin-main']);
  });

  it("shows each id's human name beside it: a channel's or notify target's title", () => {
    const at = (body: string, kind: string) => {
      const marked = `apiVersion: flywheel/v1\nkind: ${kind}\nmetadata: { name: x }\n${body}`;
      const offset = marked.indexOf('|');
      const before = marked.slice(0, offset).split('\n');
      return complete(marked.slice(0, offset) + marked.slice(offset + 1), { line: before.length - 1, character: (before.at(-1) ?? '').length }, { lang: 'zh-CN', model });
    };
    const channels = at('spec:\n  posts:\n    - channels: [|]\n', 'Campaign');
    expect(channels.find((item) => item.label === 'wechat-main')).toMatchObject({ labelDetails: { description: '公众号' }, detail: 'channel · 公众号 · wechat-oa' });
    const targets = at('spec:\n  trigger: { schedule: rate(1 day) }\n  steps:\n    - id: a\n      notify: [|]\n', 'SOP');
    expect(targets.find((item) => item.label === 'ops')?.labelDetails).toEqual({ description: '运营值班群' });
  });

  it('leaves out notify targets already listed in an SOP step', () => {
    expect(labels('spec:\n  trigger: { schedule: rate(1 day) }\n  steps:\n    - id: a\n      notify: [ops, |]\n', 'SOP')).toEqual(['leads']);
  });
});
