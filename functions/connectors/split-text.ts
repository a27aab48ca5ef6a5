/** UTF-8 length of a string, as the group bots count their limits. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Splits text into parts of at most `maxBytes` UTF-8 bytes, breaking between lines where it
 * can, so a long alert arrives as several readable messages rather than one the bot refuses.
 * A single line longer than the limit is broken between code points, never inside one. Blank
 * lines that fall on a break are dropped: they carry nothing at the edge of a message.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (!(maxBytes >= 4)) throw new RangeError(`maxBytes must be at least 4 (one code point), not ${maxBytes}`);
  if (utf8Length(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current: string | undefined;
  let currentBytes = 0;
  const flush = () => {
    const trimmed = current?.replace(/\n+$/, '');
    if (trimmed !== undefined && trimmed.trim() !== '') parts.push(trimmed);
    current = undefined;
    currentBytes = 0;
  };
  for (const line of text.split('\n')) {
    const lineBytes = utf8Length(line);
    if (current !== undefined && currentBytes + 1 + lineBytes <= maxBytes) {
      current += `\n${line}`;
      currentBytes += 1 + lineBytes;
      continue;
    }
    flush();
    if (line === '') continue;
    if (lineBytes <= maxBytes) {
      current = line;
      currentBytes = lineBytes;
      continue;
    }
    for (const codePoint of line) {
      const size = utf8Length(codePoint);
      if (currentBytes + size > maxBytes) flush();
      current = (current ?? '') + codePoint;
      currentBytes += size;
    }
  }
  flush();
  return parts;
}
