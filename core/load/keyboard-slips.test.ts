import { describe, expect, it } from 'vitest';
import { applyEdits, findKeyboardSlips } from './keyboard-slips';
import { parsePlaybookText } from './parse-file';

const kinds = (content: string, parseFailed = true) => findKeyboardSlips(content, { parseFailed }).map((slip) => slip.kind);

describe('keyboard slips', () => {
  it('finds nothing in text where full-width punctuation is content', () => {
    const content = [
      'apiVersion: flywheel/v1',
      'kind: SOP',
      'metadata: { name: ok, title: "标题：副标题" }',
      'spec:',
      '  trigger: { event: post.failed }',
      '  note: 注意：今天，明天',
      '  steps:',
      '    - { id: a, notify: [ops], message: 提醒：今天，明天 }',
      '    - id: b',
      '      message: |',
      '        Note：this is text',
      '        　　段落首行缩进',
      '        \tcode: after the block indentation',
      '    - id: c',
      '      message: "第一行',
      '        第二行"',
      '      notify: [',
      '        ops, lead ]',
      '',
    ].join('\n');
    expect(kinds(content)).toEqual([]);
  });

  it('finds each slip where it starts', () => {
    expect(kinds('a:\n  schedule： x\n')).toEqual(['fullwidth-colon']);
    expect(kinds('a:\n  schedule:\u3000x\n')).toEqual(['ideographic-separator']);
    expect(kinds('a:\n  -\u3000x\n')).toEqual(['ideographic-separator']);
    expect(kinds('a:\n\u3000\u3000b: x\n')).toEqual(['ideographic-indent']);
    expect(kinds('a:\n\tb: x\n')).toEqual(['tab-indent']);
    expect(kinds('m: { name: a， title: b }\n')).toEqual(['fullwidth-comma']);
    expect(kinds('m: { name： a }\n')).toEqual(['fullwidth-colon']);
    expect(kinds('a: "x\nb: 1\n')).toEqual(['unclosed-quote']);
    expect(kinds('a: [x, { y: 1 }\nb: 1\n')).toEqual(['unclosed-bracket']);
    expect(kinds('a: "x\nb: 1\n', false)).toEqual([]);
  });

  it('undoes each slip so the text parses as meant', () => {
    const content = 'a:\n  b： 1\n  c:\u30002\n  d: { e: 3， f: 4 }\n  g: "5\n  h: [6\n';
    const slips = findKeyboardSlips(content, { parseFailed: true });
    const edits = slips.flatMap((slip) => (slip.edit ? [slip.edit] : []));
    const parsed = parsePlaybookText('x.yaml', applyEdits(content, edits));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.documents[0]?.data).toEqual({ a: { b: 1, c: 2, d: { e: 3, f: 4 }, g: '5', h: [6] } });
  });

  it('reports one diagnostic per slip with a fix that makes the file parse', () => {
    const content = 'a:\n\tb: 1\n\tc: 2\n  d： 3\n';
    const { diagnostics } = parsePlaybookText('x.yaml', content);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['4:4 flywheel/yaml-syntax', '2:1 flywheel/yaml-syntax']);
    const lines = content.split('\n');
    const offsetOf = (line: number, column: number) => lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
    const edits = diagnostics.flatMap((d) => d.fixes ?? []).map((fix) => ({ start: offsetOf(fix.span.line, fix.span.column), end: offsetOf(fix.span.endLine, fix.span.endColumn), newText: fix.newText }));
    const fixed = parsePlaybookText('x.yaml', applyEdits(content, edits.sort((x, y) => x.start - y.start)));
    expect(fixed.diagnostics).toEqual([]);
    expect(fixed.documents[0]?.data).toEqual({ a: { b: 1, c: 2, d: 3 } });
  });

  it('still reports a problem the slips do not explain, at its own line', () => {
    const { diagnostics } = parsePlaybookText('x.yaml', 'a:\n\tb: 1\nc: [1, 2\nd: 4\ne: *nowhere\n');
    expect(diagnostics.map((d) => d.line)).toEqual(expect.arrayContaining([2, 3]));
    expect(diagnostics.every((d) => d.code === 'flywheel/yaml-syntax')).toBe(true);
  });
});
