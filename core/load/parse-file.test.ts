import { describe, expect, it } from 'vitest';
import { findExcessFlowDepth, parsePlaybookText } from './parse-file';

describe('flow depth guard', () => {
  it('finds the bracket where flow collections nest past the limit', () => {
    expect(findExcessFlowDepth('a: [[[x]]]\n', 3)).toBe(-1);
    expect(findExcessFlowDepth('a: [[[[x]]]]\n', 3)).toBe(6);
    expect(findExcessFlowDepth('a: [{[{x}]}]\n', 3)).toBe(6);
  });

  it('skips brackets in quoted scalars and comments, and closes what it opened', () => {
    expect(findExcessFlowDepth(`a: "${'['.repeat(50)}"\nb: '${'{'.repeat(50)}'\n# ${'['.repeat(50)}\n`, 3)).toBe(-1);
    expect(findExcessFlowDepth('a: "\\"[[[[" \nb: [x]\n', 3)).toBe(-1);
    expect(findExcessFlowDepth(`${'[x] '.repeat(100)}\n`, 3)).toBe(-1);
  });

  it('refuses a file of 1,200 nested brackets the same way every time, pointing at the bracket past 256', () => {
    const text = `apiVersion: flywheel/v1 # &anchor\nkind: Campaign\nspec: ${'['.repeat(1_200)}x${']'.repeat(1_200)}\n`;
    const results = [1, 2, 3].map(() => parsePlaybookText('campaigns/deep.yaml', text).diagnostics.map((item) => `${item.code} ${item.line}:${item.column}`));
    expect(results[0]).toEqual(['flywheel/yaml-too-complex 3:263']);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
