import fc from 'fast-check';

/** A change to the raw bytes of a file. Positions are taken modulo the current length, so any number is valid. */
export type ByteMutation =
  | { readonly kind: 'flip-bit'; readonly at: number; readonly bit: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'insert-at-line-start'; readonly line: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'line-endings'; readonly style: 'crlf' | 'cr' | 'u2028' };

const encoder = new TextEncoder();

/** Text that means something to a YAML parser or to Unicode handling. */
const TRICKY_TEXT = [
  '\t', '\t\t', '"', "'", '[', ']', '{', '}', '[[', '{{', ': ', ':', '- ', '-', '#', ' #', '&a ', '*a', '*', '&', '!', '!!str ',
  '!!binary ', '!!set ', '!!timestamp ', '!tag ', '|', '|-', '>', '>+', '? ', '?', ',', '`', '@', '%', '%YAML 1.1\n', '%TAG ! tag:x,2000:\n',
  '---\n', '---', '...\n', '\n---\n', '<<: *a\n', '<<: ', '\\', '\\u', '"\\x"', '"\\uD800"', '"\\U0010FFFF"', '\n', '\r', '\r\n', '\n\n\n',
  '   ', '\u00a0', '\u2028', '\u2029', '\u0085', '\ufeff', '\u200b', '\u202e', '\ud800', '\udfff', '\u0000', '\u0001', '\u007f',
  'e\u0301', '😀', '👩‍👩‍👧', '中文', '，', '：', '｛', '［', '　', '１２', 'null', '~', 'true', '0x', '1e999', '.nan', '-.inf', '0o17',
  '__proto__', 'constructor', '{{value}}', 'cron(', 'rate(', ')', '"\n', "'\n",
  // Words the compliance rule underlines, so its offsets get computed on mangled text.
  '最佳', '国家级', '第一', '秒杀', 'Acme', 'acme', '最\n佳', '最\r\n佳', 'Ac\tme',
];

/** Byte sequences that are not valid UTF-8 (or are UTF-8 traps like overlong forms and encoded surrogates). */
const INVALID_UTF8: readonly number[][] = [
  [0xff], [0xfe], [0xc0, 0x80], [0xc1, 0xbf], [0x80], [0xbf], [0xe4, 0xb8], [0xe4], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe0, 0x80, 0xaf], [0xfe, 0xff], [0xff, 0xfe],
];

const insertedBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TRICKY_TEXT).map((value) => encoder.encode(value)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map((value) => encoder.encode(value)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).map((value) => encoder.encode(value)) },
  { weight: 2, arbitrary: fc.constantFrom(...INVALID_UTF8).map((bytes) => Uint8Array.from(bytes)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant(Uint8Array.of(0)) },
);

/** One random byte-level mutation. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip-bit' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: insertedBytes }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert-at-line-start' as const), line: fc.nat(), bytes: insertedBytes }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('line-endings' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'u2028' as const) }),
);

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  bytes.forEach((byte, index) => {
    if (byte === 0x0a) starts.push(index + 1);
  });
  return starts;
}

function replaceLineBreaks(bytes: Uint8Array, style: 'crlf' | 'cr' | 'u2028'): Uint8Array {
  const replacement = encoder.encode(style === 'crlf' ? '\r\n' : style === 'cr' ? '\r' : '\u2028');
  const out: number[] = [];
  for (const byte of bytes) {
    if (byte === 0x0a) out.push(...replacement);
    else out.push(byte);
  }
  return Uint8Array.from(out);
}

/** Applies one mutation to a file's bytes. */
export function applyByteMutation(bytes: Uint8Array, mutation: ByteMutation): Uint8Array {
  const size = bytes.length;
  switch (mutation.kind) {
    case 'flip-bit': {
      if (size === 0) return bytes;
      const out = Uint8Array.from(bytes);
      const at = mutation.at % size;
      out[at] = (out[at] ?? 0) ^ (1 << mutation.bit);
      return out;
    }
    case 'insert':
      return splice(bytes, mutation.at % (size + 1), 0, mutation.bytes);
    case 'insert-at-line-start': {
      const starts = lineStarts(bytes);
      return splice(bytes, starts[mutation.line % starts.length] ?? 0, 0, mutation.bytes);
    }
    case 'delete': {
      const at = mutation.at % (size + 1);
      return splice(bytes, at, Math.min(mutation.length, size - at));
    }
    case 'duplicate': {
      const at = mutation.at % (size + 1);
      const copy = bytes.slice(at, at + mutation.length);
      return splice(bytes, mutation.to % (size + 1), 0, copy);
    }
    case 'truncate':
      return bytes.slice(0, mutation.at % (size + 1));
    case 'line-endings':
      return replaceLineBreaks(bytes, mutation.style);
  }
}
