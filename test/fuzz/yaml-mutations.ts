import fc from 'fast-check';
import { isMap, isNode, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import { aliasBomb, deepFlow } from './hostile-yaml';
import { rawPlaceholder, stringifyDocuments, type DocumentList, type ParsedSample, type RawSplices, type TreePath } from './yaml-tree';

/**
 * A change to the YAML structure of a file. `slot` and `other` pick nodes of the original file
 * (modulo the number of nodes); a slot that an earlier mutation removed is left alone.
 */
export type YamlMutation =
  | { readonly kind: 'delete'; readonly slot: number }
  | { readonly kind: 'replace'; readonly slot: number; readonly value: unknown }
  | { readonly kind: 'raw'; readonly slot: number; readonly raw: string }
  | { readonly kind: 'swap'; readonly slot: number; readonly other: number }
  | { readonly kind: 'duplicate-key'; readonly slot: number }
  | { readonly kind: 'unknown-key'; readonly slot: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'alias'; readonly slot: number; readonly other: number }
  | { readonly kind: 'merge'; readonly slot: number; readonly other: number }
  | { readonly kind: 'wrap'; readonly slot: number; readonly as: 'seq' | 'map' }
  | { readonly kind: 'copy-document'; readonly from: number; readonly at: number }
  | { readonly kind: 'raw-document'; readonly at: number; readonly raw: string }
  | { readonly kind: 'remove-document'; readonly index: number };

const TRICKY_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then', 'length', '', ' ', '<<', '~', 'null',
  'true', '0', '-1', 'Kind', 'KIND', 'apiversion', 'spec ', ' spec', 'metadata.name', 'posts[0]', 'id', 'kind', 'spec', 'metadata',
  'titel', 'schedul', 'chanels', 'aproovedBy', 'timeZone', 'time_zone', '标题', 'x'.repeat(1100),
];

const scalarValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((value) => Number(value)),
  fc.constantFrom(
    '', ' ', '~', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', 'NaN', '0x1F', '1e999', '.nan', '-.inf', '2027-02-30', '12:30', '1:20:30',
    '<<', '__proto__', 'flywheel/v1', 'flywheel/v2', 'Workspace', 'Campaign', 'SOP', 'Goal', 'Check', 'wechat-oa', 'ops', 'alice',
    'cron(0 10 ? * MON *)', 'rate(1 hour)', 'at(2027-01-22T20:00:00)', 'Asia/Shanghai', '2027-01-22 20:00', '7d', '>= 0.05',
    'secret:flywheel/x', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', '{{value}}',
    'x'.repeat(5000), '中'.repeat(3000),
  ),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, 5e-324),
);

/** Any YAML value: scalars, lists and maps, a few levels deep. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: scalarValue },
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...TRICKY_KEYS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Raw YAML that createNode would never write: tags, anchors, odd scalars, deep nesting, bombs, huge values. */
const rawValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(
    '!!binary AAAA', '!!set {a, b}', '!!omap [a: 1, b: 2]', '!!pairs [a: 1]', '!!timestamp 2001-12-14', '!!float 1', '!!int "x"',
    '!!str 12', '!custom x', '!!map []', '!!seq {}', '!!null x', '!!bool maybe', '!<tag:yaml.org,2002:str> x', '&anchor x', '*missing',
    '.nan', '.inf', '-.inf', '0x1F', '0o17', '0b101', '1_000', '+12', '0012', '1e3', '2027-02-30', '2027-01-22 20:00:00', '2027-01-22T20:00:00Z',
    '"\\ud800"', '"\\0"', '"\\x00"', "''", '""', '[]', '{}', '[a, b, ]', '{a: 1, a: 2}', '{? [a]: 1}', '{[a]: 1}', '{{a: 1}: 2}', '[a: 1]',
    '"multi\\nline"', '|-\n  x', '>\n  folded', '[*missing]', '{<<: [*missing]}', '"\\u2028"', '"\\N\\_\\L\\P"',
  ) },
  { weight: 2, arbitrary: fc.record({ depth: fc.integer({ min: 1, max: 300 }), style: fc.constantFrom('seq' as const, 'map' as const) }).map(({ depth, style }) => deepFlow(depth, style)) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 2000 }).map((depth) => deepFlow(depth, 'seq')) },
  { weight: 2, arbitrary: fc.record({ levels: fc.integer({ min: 2, max: 10 }), width: fc.integer({ min: 2, max: 12 }) }).map(({ levels, width }) => aliasBomb(levels, width)) },
  { weight: 1, arbitrary: fc.record({ length: fc.integer({ min: 1, max: 100_000 }), unit: fc.constantFrom('x', '中', '😀', ' ', '\\n') }).map(({ length, unit }) => `"${unit.repeat(length)}"`) },
);

/** One random structural mutation. */
export const yamlMutation: fc.Arbitrary<YamlMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), slot: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), slot: fc.nat(), value: anyValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('raw' as const), slot: fc.nat(), raw: rawValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap' as const), slot: fc.nat(), other: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-key' as const), slot: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unknown-key' as const), slot: fc.nat(), key: fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string({ maxLength: 10 })), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('alias' as const), slot: fc.nat(), other: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), slot: fc.nat(), other: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), slot: fc.nat(), as: fc.constantFrom('seq' as const, 'map' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy-document' as const), from: fc.nat(), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw-document' as const), at: fc.nat(), raw: fc.constantFrom('', '# only a comment\n', '~\n', 'null\n', '- a\n- b\n', 'just text\n', '...\n', '%YAML 1.2\n---\n', '!!binary AAAA\n', '&a x\n', '*a\n') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove-document' as const), index: fc.nat() }) },
);

function setAt(document: Document, path: TreePath, node: unknown): void {
  if (path.length === 0) document.contents = node as never;
  else document.setIn(path, node);
}

function nodeAt(document: Document, path: TreePath): Node | undefined {
  const found = path.length === 0 ? document.contents : document.getIn(path, true);
  return isNode(found) ? found : undefined;
}

/** Applies one mutation in place. Throws when it does not fit the current tree; the caller skips it then. */
function applyOne(sample: ParsedSample, documents: DocumentList, mutation: YamlMutation, splices: RawSplices, anchors: { next: number }): void {
  if (mutation.kind === 'copy-document' || mutation.kind === 'raw-document' || mutation.kind === 'remove-document') {
    if (mutation.kind === 'copy-document') {
      const source = documents[mutation.from % documents.length];
      documents.splice(mutation.at % (documents.length + 1), 0, typeof source === 'string' || source === undefined ? source ?? '' : source.clone());
    } else if (mutation.kind === 'raw-document') {
      documents.splice(mutation.at % (documents.length + 1), 0, mutation.raw);
    } else if (documents.length > 0) {
      documents.splice(mutation.index % documents.length, 1);
    }
    return;
  }
  const slot = sample.slots[mutation.slot % sample.slots.length];
  const document = slot && documents[slot.document];
  if (!slot || !document || typeof document === 'string') return;
  const { path } = slot;
  const otherSlot = 'other' in mutation ? sample.slots[mutation.other % sample.slots.length] : undefined;
  const otherNode = otherSlot && otherSlot.document === slot.document ? nodeAt(document, otherSlot.path) : undefined;
  switch (mutation.kind) {
    case 'delete':
      if (path.length > 0) document.deleteIn(path);
      return;
    case 'replace':
      setAt(document, path, document.createNode(mutation.value));
      return;
    case 'raw':
      setAt(document, path, new Scalar(rawPlaceholder(splices, mutation.raw)));
      return;
    case 'swap': {
      const node = nodeAt(document, path);
      if (!node || !otherNode || !otherSlot) return;
      setAt(document, path, otherNode.clone());
      setAt(document, otherSlot.path, node.clone());
      return;
    }
    case 'duplicate-key': {
      const parent = nodeAt(document, path.slice(0, -1));
      const key = path[path.length - 1];
      if (!isMap(parent) || typeof key !== 'string') return;
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair) parent.items.push(new Pair((pair.key as Scalar).clone(), isNode(pair.value) ? pair.value.clone() : pair.value));
      return;
    }
    case 'unknown-key': {
      const node = nodeAt(document, path);
      if (isMap(node)) node.items.push(document.createPair(mutation.key, mutation.value));
      return;
    }
    case 'alias':
      if (otherNode) setAt(document, path, document.createAlias(otherNode as Scalar | YAMLMap | YAMLSeq, `fz${anchors.next++}`));
      return;
    case 'merge': {
      const node = nodeAt(document, path);
      if (isMap(node) && otherNode) node.items.unshift(new Pair(new Scalar('<<'), document.createAlias(otherNode as Scalar | YAMLMap | YAMLSeq, `fz${anchors.next++}`)));
      return;
    }
    case 'wrap': {
      const node = nodeAt(document, path);
      if (!node) return;
      const wrapper = mutation.as === 'seq' ? new YAMLSeq() : new YAMLMap();
      if (wrapper instanceof YAMLSeq) wrapper.items.push(node.clone());
      else wrapper.items.push(new Pair(new Scalar('value'), node.clone()));
      setAt(document, path, wrapper);
    }
  }
}

/**
 * A file's text after the mutations. A mutation that the yaml library cannot apply or print is
 * dropped (the case keeps the others), so every case still yields a file.
 */
export function applyYamlMutations(sample: ParsedSample, mutations: readonly YamlMutation[]): string {
  for (let kept = mutations.length; kept >= 0; kept -= 1) {
    const documents: DocumentList = sample.documents.map((document) => document.clone());
    const splices: RawSplices = { texts: [] };
    const anchors = { next: 0 };
    for (const mutation of mutations.slice(0, kept)) {
      try {
        applyOne(sample, documents, mutation, splices, anchors);
      } catch {
        // The tree no longer has the shape this mutation needs; move on to the next.
      }
    }
    try {
      return stringifyDocuments(documents, splices);
    } catch {
      // Printing failed (an alias whose anchor is gone, say); retry with fewer mutations.
    }
  }
  return stringifyDocuments([...sample.documents], { texts: [] });
}
