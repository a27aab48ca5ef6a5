import { Buffer, isUtf8 } from 'node:buffer';
import { LineCounter, parseAllDocuments } from 'yaml';
import { text, type Diagnostic } from '../diagnostics';
import { loadDocumentsFast } from './fast-yaml';
import { findKeyboardSlips, type KeyboardSlip, type SlipKind } from './keyboard-slips';
import { reportSlips } from './repair-slips';
import { SourceFile } from './source-file';
import { YamlDocument } from './yaml-document';
import { fileDiagnostic, yamlErrorDiagnostic } from './yaml-errors';

/** Files larger than this are refused before parsing: playbooks are small, and this keeps the editor responsive. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Deeper nesting than this is refused: no playbook needs it and recursive walkers must stay safe. */
export const MAX_DEPTH = 64;
/** Alias expansions allowed per document before it counts as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedYaml {
  document: YamlDocument;
  /** The document as plain data; undefined when it could not be read. */
  data: unknown;
  /** True when the YAML itself is broken: later checks skip the document. */
  broken: boolean;
  /**
   * For a broken document, what it declares (kind, metadata.name and, from a clean repair of its
   * keyboard slips, the Workspace's ids), so other files are not told that what it defines is missing.
   */
  declares?: unknown;
}

export interface ParsedFile {
  source: SourceFile;
  documents: ParsedYaml[];
  diagnostics: Diagnostic[];
}

/** Depth of nested collections, walked without recursion so a hostile file cannot exhaust the stack. */
function measureDepth(data: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Decodes bytes as strict UTF-8, refusing binary content; a BOM is dropped. */
function decodeText(bytes: Uint8Array): string | 'binary' | 'encoding' {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return 'binary';
  // Node's validator and decoder are several times faster than a fatal TextDecoder.
  if (!isUtf8(bytes)) return 'encoding';
  const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}

/**
 * Parses one playbook file (raw bytes) into YAML documents. Never throws: every problem with
 * the file itself (size, encoding, syntax, alias bombs, nesting) becomes a diagnostic.
 */
export function parsePlaybookFile(path: string, bytes: Uint8Array): ParsedFile {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    const source = new SourceFile(path, '');
    const megabytes = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return { source, documents: [], diagnostics: [fileDiagnostic(source, 0, 0, 'flywheel/file-too-large', text(
      `File is ${megabytes} MB; playbook files may be at most 5 MB. Split it into several files.`,
      `文件大小为 ${megabytes} MB, 剧本文件最大 5 MB。请拆分为多个文件。`,
    ))] };
  }
  const decoded = decodeText(bytes);
  if (decoded === 'binary' || decoded === 'encoding') {
    const source = new SourceFile(path, '');
    const message = decoded === 'binary'
      ? text('This is a binary file, not YAML text. Move it out of the playbooks folder or rename it away from .yaml/.yml.',
        '这是二进制文件, 不是 YAML 文本。请移出剧本目录, 或不要使用 .yaml/.yml 扩展名。')
      : text('File is not valid UTF-8. Save it with UTF-8 encoding.', '文件不是有效的 UTF-8 编码。请以 UTF-8 编码保存。');
    return { source, documents: [], diagnostics: [fileDiagnostic(source, 0, 0, decoded === 'binary' ? 'flywheel/not-text' : 'flywheel/encoding', message)] };
  }
  return parsePlaybookText(path, decoded);
}

/** True when a file has nothing but blank lines and comments. */
function isBlank(content: string): boolean {
  for (const line of content.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return false;
  }
  return true;
}

/** Parses the text of one playbook file (see parsePlaybookFile). */
export function parsePlaybookText(path: string, content: string): ParsedFile {
  const source = new SourceFile(path, content);
  const diagnostics: Diagnostic[] = [];
  if (isBlank(content)) {
    diagnostics.push(fileDiagnostic(source, 0, 0, 'flywheel/empty-file', text(
      'File is empty: it defines nothing. Add a playbook document or delete the file.',
      '文件为空, 没有定义任何内容。请添加剧本文档或删除此文件。',
    ), 'warning'));
    return { source, documents: [], diagnostics };
  }
  const fast = loadDocumentsFast(content, MAX_DEPTH);
  // Full-width characters where YAML wants a colon, a space or a comma can still parse (as text
  // in the wrong place): those files take the careful path, which reports the slip.
  const slips = fast && MAY_HOLD_SLIP.test(content)
    ? findKeyboardSlips(content, { parseFailed: false }).filter((slip) => SLIPS_THAT_PARSE.has(slip.kind))
    : [];
  if (fast && slips.length === 0) {
    const documents: ParsedYaml[] = [];
    // js-yaml already refused anything nested deeper than MAX_DEPTH.
    for (const data of fast) {
      if (data === null || data === undefined) continue;
      documents.push({ document: new YamlDocument(source, documents.length), data, broken: false });
    }
    return { source, documents, diagnostics };
  }
  return parseCarefully(source, slips);
}

/** Slips that can leave a file parseable, with the wrong structure. */
const SLIPS_THAT_PARSE: ReadonlySet<SlipKind> = new Set(['fullwidth-colon', 'ideographic-indent', 'ideographic-separator']);
/** A cheap test for those slips (`key：`, a full-width space leading a line or after `:` or `-`), so most files skip the scan. */
const MAY_HOLD_SLIP = /(?:^[ \t\u3000-]*|[{,] *)[A-Za-z_][\w.-]* *\uff1a|^[ \t]*\u3000|[:-]\u3000/m;

/**
 * Flow collections (`[`, `{`) nested deeper than this are refused before the `yaml` package sees
 * them: it recurses per level, and whether ~1,000 levels exhaust the stack depends on how warm
 * the JIT is, so the same file could give different diagnostics from one run to the next. Data
 * deeper than MAX_DEPTH is refused anyway; the margin leaves room for brackets in plain scalars.
 */
const MAX_FLOW_DEPTH = 4 * MAX_DEPTH;

/**
 * Where flow collections first nest deeper than `limit` (the bracket's offset), or -1. Quoted
 * scalars and comments are skipped (a quote or comment ends at the line's end at the latest).
 */
export function findExcessFlowDepth(text: string, limit: number): number {
  let depth = 0;
  let quote = 0; // 0, or the char code of the open quote
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      quote = 0;
      continue;
    }
    if (quote !== 0) {
      if (code === 92 && quote === 34) index += 1; // \ escapes the next character in double quotes
      else if (code === quote) quote = 0;
      continue;
    }
    if (code === 35 && (index === 0 || text.charCodeAt(index - 1) <= 32)) {
      // A comment: skip to the end of the line.
      const newline = text.indexOf('\n', index);
      if (newline === -1) break;
      index = newline - 1;
      continue;
    }
    if (code === 34 || code === 39) quote = code;
    else if (code === 91 || code === 123) {
      depth += 1;
      if (depth > limit) return index;
    } else if ((code === 93 || code === 125) && depth > 0) depth -= 1;
  }
  return -1;
}

/** What partialDeclarations and the slip check read of a parsed document. */
interface ParsedDocument {
  readonly range?: readonly [number, number, number];
  toJS(options: { maxAliasCount: number }): unknown;
}

/** What a broken document declares, read from the parser's best effort: only its kind and name, never a Workspace's lists. */
function partialDeclarations(doc: ParsedDocument): unknown {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const { kind, metadata } = data as Record<string, unknown>;
  const name = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>).name : undefined;
  return typeof kind === 'string' && kind !== 'Workspace' && typeof name === 'string' ? { kind, metadata: { name } } : undefined;
}

/** The careful path: the `yaml` package, with its error positions and alias limits. */
function parseCarefully(source: SourceFile, knownSlips: readonly KeyboardSlip[]): ParsedFile {
  const content = source.text;
  const diagnostics: Diagnostic[] = [];
  const tooDeep = findExcessFlowDepth(content, MAX_FLOW_DEPTH);
  if (tooDeep !== -1) {
    diagnostics.push(fileDiagnostic(source, tooDeep, tooDeep + 1, 'flywheel/yaml-too-complex', text(
      `Brackets here nest more than ${MAX_FLOW_DEPTH} levels deep; playbooks never need more than ${MAX_DEPTH}. Flatten the structure or close the brackets.`,
      `此处括号嵌套超过 ${MAX_FLOW_DEPTH} 层，剧本最多只需要 ${MAX_DEPTH} 层。请减少嵌套或补全括号。`,
    )));
    return { source, documents: [], diagnostics };
  }
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(content, { lineCounter: new LineCounter(), prettyErrors: false, merge: true, uniqueKeys: true });
  } catch (error) {
    diagnostics.push(fileDiagnostic(source, 0, 0, 'flywheel/yaml-too-complex', text(
      `File cannot be parsed (${error instanceof Error ? error.name : 'error'}): it is nested too deeply or too complex. Simplify its structure.`,
      `无法解析文件（${error instanceof Error ? error.name : 'error'}）：嵌套过深或结构过于复杂。请简化结构。`,
    )));
    return { source, documents: [], diagnostics };
  }
  const docs = (Array.isArray(parsed) ? parsed : [parsed]).filter((doc) => doc.contents !== null || doc.errors.length > 0);
  const errors = docs.flatMap((doc) => doc.errors);
  const slips = errors.length > 0 ? findKeyboardSlips(content, { parseFailed: true }) : knownSlips;
  const slipped = (doc: ParsedDocument) => slips.some((slip) => doc.range !== undefined && slip.start >= doc.range[0] && slip.start < doc.range[2]);
  let repairedData: unknown[] | undefined;
  if (slips.length > 0) {
    const report = reportSlips(source, slips, MAX_DEPTH);
    diagnostics.push(...report.diagnostics);
    repairedData = report.repairedData?.filter((data) => data !== null && data !== undefined);
    if (repairedData?.length !== docs.length) repairedData = undefined;
  } else {
    // One error per line: the yaml parser often reports a slip and its fallout on the same line.
    const lines = new Set<number>();
    for (const error of errors) {
      const diagnostic = yamlErrorDiagnostic(source, error);
      if (lines.has(diagnostic.line) || lines.size >= 5) continue;
      lines.add(diagnostic.line);
      diagnostics.push(diagnostic);
    }
  }
  const documents: ParsedYaml[] = [];
  docs.forEach((doc, index) => {
    const document = new YamlDocument(source, index, doc as never);
    if (doc.errors.length > 0 || slipped(doc)) {
      const declares = repairedData ? repairedData[index] : partialDeclarations(doc);
      documents.push({ document, data: undefined, broken: true, ...(declares === undefined ? {} : { declares }) });
      return;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const start = doc.range?.[0] ?? 0;
      const message = error instanceof Error ? error.message : String(error);
      const unresolved = /^Unresolved alias[^:]*:\s*(\S+)/.exec(message);
      if (unresolved) {
        diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-syntax', text(
          `The alias *${unresolved[1]} has no anchor &${unresolved[1]} before it. Define the anchor first or write the value out.`,
          `别名 *${unresolved[1]} 之前没有锚点 &${unresolved[1]}。请先定义锚点，或直接写出值。`,
        )));
      } else if (/excessive alias count/i.test(message)) {
        diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-too-complex', text(
          `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): this looks like an alias bomb. Write the values out or use fewer aliases.`,
          `别名展开次数过多（超过 ${MAX_ALIAS_COUNT} 次），疑似别名炸弹。请直接写出值或减少别名。`)));
      } else {
        diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-too-complex', text(
          `Document cannot be read (${message}): simplify its structure.`, `无法读取文档（${message}）：请简化结构。`)));
      }
      documents.push({ document, data: undefined, broken: true });
      return;
    }
    if (measureDepth(data) > MAX_DEPTH) {
      const start = doc.range?.[0] ?? 0;
      diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-too-complex', text(
        `Document is nested more than ${MAX_DEPTH} levels deep; playbooks never need that. Flatten it.`,
        `文档嵌套超过 ${MAX_DEPTH} 层，剧本不需要这么深。请减少嵌套。`,
      )));
      documents.push({ document, data: undefined, broken: true });
      return;
    }
    // A document that is only `~` or `null` defines nothing, as in the fast path.
    if (data !== null && data !== undefined) documents.push({ document, data, broken: false });
  });
  return { source, documents, diagnostics };
}
