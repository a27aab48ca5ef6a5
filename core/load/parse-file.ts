import { Buffer, isUtf8 } from 'node:buffer';
import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import { text, type Diagnostic, type LocalizedText } from '../diagnostics';
import { loadDocumentsFast } from './fast-yaml';
import { SourceFile } from './source-file';
import { YamlDocument } from './yaml-document';

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
}

export interface ParsedFile {
  source: SourceFile;
  documents: ParsedYaml[];
  diagnostics: Diagnostic[];
}

function fileDiagnostic(source: SourceFile, start: number, end: number, code: string, message: LocalizedText, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { file: source.path, ...source.span(start, end), severity, code, message };
}

const YAML_ERROR_ZH: Record<string, string> = {
  DUPLICATE_KEY: '同一映射中的键重复',
  BAD_INDENT: '缩进不正确',
  MISSING_CHAR: '缺少字符 (例如引号或括号未闭合)',
  MULTILINE_IMPLICIT_KEY: '隐式键不能跨行',
  BLOCK_AS_IMPLICIT_KEY: '块集合不能作为隐式键',
  TAB_AS_INDENT: '不能用 Tab 缩进, 请改用空格',
  UNEXPECTED_TOKEN: '意外的符号',
  BAD_ALIAS: '别名无效',
  BAD_DIRECTIVE: '指令无效',
  BAD_SCALAR_START: '标量开头字符无效, 请给值加引号',
  IMPOSSIBLE: '无法解析',
  KEY_OVER_1024_CHARS: '隐式键超过 1024 个字符',
  BAD_DQ_ESCAPE: '双引号字符串中的转义序列无效',
};

/** Turns a yaml library error into a bilingual diagnostic, with a hint for the common playbook slips. */
function yamlErrorDiagnostic(source: SourceFile, error: YAMLError): Diagnostic {
  const [start, end] = error.pos;
  if (/maximum call stack/i.test(error.message)) {
    return fileDiagnostic(source, 0, 0, 'flywheel/yaml-too-complex', text(
      'The file is nested too deeply to read. Flatten its structure.', '文件嵌套过深, 无法读取。请减少嵌套。'));
  }
  const lineText = source.lineText(source.position(start).line);
  const base = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  if (/:\s*[<>]=?\s*-?\d/.test(lineText) && /^\s*[^#]*:\s*>/.test(lineText)) {
    return fileDiagnostic(source, start, end, 'flywheel/yaml-syntax', text(
      `A value starting with ">" opens a YAML block scalar. Quote the condition, e.g. condition: "> 20".`,
      `以 ">" 开头的值会被 YAML 当作块标量。请给条件加引号, 例如 condition: "> 20"。`,
    ));
  }
  if (error.code === 'DUPLICATE_KEY') {
    return fileDiagnostic(source, start, end, 'flywheel/duplicate-key', text(
      `${base}. Remove or rename one of the duplicate keys.`,
      `${YAML_ERROR_ZH.DUPLICATE_KEY}。请删除或重命名其中一个。`,
    ));
  }
  if (error.code === 'TAB_AS_INDENT' || /tab/i.test(base)) {
    return fileDiagnostic(source, start, end, 'flywheel/yaml-syntax', text(
      `${base}. Indent with spaces, not tabs.`,
      `${YAML_ERROR_ZH.TAB_AS_INDENT}。`,
    ));
  }
  const zh = YAML_ERROR_ZH[error.code] ?? 'YAML 语法错误';
  return fileDiagnostic(source, start, end, 'flywheel/yaml-syntax', text(
    `YAML syntax error: ${base}. Check indentation, quotes and brackets on this line.`,
    `YAML 语法错误: ${zh} (${base})。请检查此行的缩进、引号和括号。`,
  ));
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
  if (fast) {
    const documents: ParsedYaml[] = [];
    // js-yaml already refused anything nested deeper than MAX_DEPTH.
    for (const data of fast) {
      if (data === null || data === undefined) continue;
      documents.push({ document: new YamlDocument(source, documents.length), data, broken: false });
    }
    return { source, documents, diagnostics };
  }
  return parseCarefully(source);
}

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

/** The careful path: the `yaml` package, with its error positions and alias limits. */
function parseCarefully(source: SourceFile): ParsedFile {
  const content = source.text;
  const diagnostics: Diagnostic[] = [];
  const tooDeep = findExcessFlowDepth(content, MAX_FLOW_DEPTH);
  if (tooDeep !== -1) {
    diagnostics.push(fileDiagnostic(source, tooDeep, tooDeep + 1, 'flywheel/yaml-too-complex', text(
      `Brackets here nest more than ${MAX_FLOW_DEPTH} levels deep; playbooks never need more than ${MAX_DEPTH}. Flatten the structure or close the brackets.`,
      `此处括号嵌套超过 ${MAX_FLOW_DEPTH} 层, 剧本最多只需要 ${MAX_DEPTH} 层。请减少嵌套或补全括号。`,
    )));
    return { source, documents: [], diagnostics };
  }
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(content, { lineCounter: new LineCounter(), prettyErrors: false, merge: true, uniqueKeys: true });
  } catch (error) {
    diagnostics.push(fileDiagnostic(source, 0, 0, 'flywheel/yaml-too-complex', text(
      `File cannot be parsed (${error instanceof Error ? error.name : 'error'}): it is nested too deeply or too complex. Simplify its structure.`,
      `无法解析文件 (${error instanceof Error ? error.name : 'error'}): 嵌套过深或结构过于复杂。请简化结构。`,
    )));
    return { source, documents: [], diagnostics };
  }
  const docs = (Array.isArray(parsed) ? parsed : [parsed]).filter((doc) => doc.contents !== null || doc.errors.length > 0);
  const documents: ParsedYaml[] = [];
  docs.forEach((doc, index) => {
    const document = new YamlDocument(source, index, doc as never);
    if (doc.errors.length > 0) {
      // One error per line: the yaml parser often reports a slip and its fallout on the same line.
      const lines = new Set<number>();
      for (const error of doc.errors) {
        const diagnostic = yamlErrorDiagnostic(source, error);
        if (lines.has(diagnostic.line) || lines.size >= 5) continue;
        lines.add(diagnostic.line);
        diagnostics.push(diagnostic);
      }
      documents.push({ document, data: undefined, broken: true });
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
          `别名 *${unresolved[1]} 之前没有锚点 &${unresolved[1]}。请先定义锚点, 或直接写出值。`,
        )));
      } else if (/excessive alias count/i.test(message)) {
        diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-too-complex', text(
          `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): this looks like an alias bomb. Write the values out or use fewer aliases.`,
          `别名展开次数过多 (超过 ${MAX_ALIAS_COUNT} 次), 疑似别名炸弹。请直接写出值或减少别名。`)));
      } else {
        diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-too-complex', text(
          `Document cannot be read (${message}): simplify its structure.`, `无法读取文档 (${message}): 请简化结构。`)));
      }
      documents.push({ document, data: undefined, broken: true });
      return;
    }
    if (measureDepth(data) > MAX_DEPTH) {
      const start = doc.range?.[0] ?? 0;
      diagnostics.push(fileDiagnostic(source, start, start + 1, 'flywheel/yaml-too-complex', text(
        `Document is nested more than ${MAX_DEPTH} levels deep; playbooks never need that. Flatten it.`,
        `文档嵌套超过 ${MAX_DEPTH} 层, 剧本不需要这么深。请减少嵌套。`,
      )));
      documents.push({ document, data: undefined, broken: true });
      return;
    }
    // A document that is only `~` or `null` defines nothing, as in the fast path.
    if (data !== null && data !== undefined) documents.push({ document, data, broken: false });
  });
  return { source, documents, diagnostics };
}
