import type { YAMLError } from 'yaml';
import { text, type Diagnostic, type LocalizedText } from '../diagnostics';
import type { SourceFile } from './source-file';

/** A diagnostic between two offsets of a file. */
export function fileDiagnostic(source: SourceFile, start: number, end: number, code: string, message: LocalizedText, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { file: source.path, ...source.span(start, end), severity, code, message };
}

const YAML_ERROR_ZH: Record<string, string> = {
  DUPLICATE_KEY: '同一映射中的键重复',
  BAD_INDENT: '缩进不正确',
  MISSING_CHAR: '缺少字符（例如引号或括号未闭合）',
  MULTILINE_IMPLICIT_KEY: '隐式键不能跨行',
  BLOCK_AS_IMPLICIT_KEY: '块集合不能作为隐式键',
  TAB_AS_INDENT: '不能用 Tab 缩进，请改用空格',
  UNEXPECTED_TOKEN: '意外的符号',
  BAD_ALIAS: '别名无效',
  BAD_DIRECTIVE: '指令无效',
  BAD_SCALAR_START: '标量开头字符无效，请给值加引号',
  IMPOSSIBLE: '无法解析',
  KEY_OVER_1024_CHARS: '隐式键超过 1024 个字符',
  BAD_DQ_ESCAPE: '双引号字符串中的转义序列无效',
};

/** What the loader needs of a `yaml` error: its code, its message and where it is (offsets into the file). */
export type YamlErrorLike = Pick<YAMLError, 'code' | 'message' | 'pos'>;

/** Turns a yaml library error into a bilingual diagnostic, with a hint for the common playbook slips. */
export function yamlErrorDiagnostic(source: SourceFile, error: YamlErrorLike): Diagnostic {
  const [start, end] = error.pos;
  if (/maximum call stack/i.test(error.message)) {
    return fileDiagnostic(source, 0, 0, 'flywheel/yaml-too-complex', text(
      'The file is nested too deeply to read. Flatten its structure.', '文件嵌套过深，无法读取。请减少嵌套。'));
  }
  const lineText = source.lineText(source.position(start).line);
  const base = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  if (/:\s*[<>]=?\s*-?\d/.test(lineText) && /^\s*[^#]*:\s*>/.test(lineText)) {
    return fileDiagnostic(source, start, end, 'flywheel/yaml-syntax', text(
      `A value starting with ">" opens a YAML block scalar. Quote the condition, e.g. condition: "> 20".`,
      `以 ">" 开头的值会被 YAML 当作块标量。请给条件加引号，例如 condition: "> 20"。`,
    ));
  }
  if (error.code === 'DUPLICATE_KEY') {
    return fileDiagnostic(source, start, end, 'flywheel/duplicate-key', text(
      `Remove or rename one of the duplicate keys: ${base}.`,
      `请删除或重命名其中一个重复的键：${YAML_ERROR_ZH.DUPLICATE_KEY}。`,
    ));
  }
  if (error.code === 'TAB_AS_INDENT' || /tab/i.test(base)) {
    return fileDiagnostic(source, start, end, 'flywheel/yaml-syntax', text(
      `Indent with spaces, not tabs: ${base}.`,
      `${YAML_ERROR_ZH.TAB_AS_INDENT}。`,
    ));
  }
  const zh = YAML_ERROR_ZH[error.code] ?? 'YAML 语法错误';
  return fileDiagnostic(source, start, end, 'flywheel/yaml-syntax', text(
    `YAML syntax error: ${base}. Check indentation, quotes and brackets on this line.`,
    `YAML 语法错误：${zh}（${base}）。请检查此行的缩进、引号和括号。`,
  ));
}
