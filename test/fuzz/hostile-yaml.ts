/** Builders for YAML that attacks the parser: nesting, alias bombs, huge scalars. All single-line flow YAML unless noted. */

/** `[[[...]]]` (or `{a: {a: ...}}`) nested `depth` levels deep, as one flow value. */
export function deepFlow(depth: number, style: 'seq' | 'map'): string {
  return style === 'seq' ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
}

/** Block-style sequences nested `depth` levels deep on one line (`- - - x`), as a whole document: no indentation to pay for. */
export function deepBlockSeq(depth: number): string {
  return `${'- '.repeat(depth)}x\n`;
}

/**
 * A billion-laughs alias bomb as one flow mapping: each level lists the previous one `width`
 * times, so the value expands to width^levels leaves.
 */
export function aliasBomb(levels: number, width: number): string {
  const parts = [`l0: &l0 [${Array.from({ length: width }, () => 'lol').join(', ')}]`];
  for (let level = 1; level < levels; level += 1) {
    parts.push(`l${level}: &l${level} [${Array.from({ length: width }, () => `*l${level - 1}`).join(', ')}]`);
  }
  return `{${parts.join(', ')}}`;
}

/** The classic billion-laughs document (block style, 9 levels of 10), as a whole file. */
export function billionLaughsFile(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
    const previous = String.fromCharCode('a'.charCodeAt(0) + index);
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}
