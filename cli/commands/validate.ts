import {
  folderFileProvider, localize, readPlaybookFolder, validateWorkspace, type Diagnostic, type Lang, type SourceFile,
} from '../../core/index';
import { paint, type CliIo } from '../output';
import { diagnosticText, displayPath, parseWorkspaceArgs } from './shared';

const HELP = `Usage: flywheel validate [dir=playbooks] [--format text|json] [--lang en|zh-CN]

Checks every playbook in dir: YAML syntax, the schema, references, schedules, time zones,
platform limits, compliance terms and inline credentials.
Exit status: 0 no errors, 1 errors found, 2 usage error.

用法: flywheel validate [目录=playbooks] [--format text|json] [--lang en|zh-CN]
检查目录中的所有剧本。退出码: 0 无错误, 1 有错误, 2 用法错误。
`;

/** Renders the source line under a diagnostic with a caret line marking its span. */
function excerpt(io: CliIo, file: SourceFile | undefined, diagnostic: Diagnostic): string {
  if (!file || file.text === '') return '';
  const source = file.lineText(diagnostic.line);
  if (source.length > 400) return '';
  const gutter = String(diagnostic.line).length;
  const width = diagnostic.endLine === diagnostic.line ? Math.max(1, diagnostic.endColumn - diagnostic.column) : Math.max(1, source.length - diagnostic.column + 1);
  // East Asian characters take two terminal columns; pad the caret line to match.
  const visualWidth = (value: string) => [...value].reduce((sum, char) => sum + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(char) ? 2 : 1), 0);
  const before = source.slice(0, diagnostic.column - 1).replace(/\t/g, ' ');
  const marked = source.slice(diagnostic.column - 1, diagnostic.column - 1 + width);
  const caret = ' '.repeat(visualWidth(before)) + '^'.repeat(Math.max(1, visualWidth(marked)));
  const colour = diagnostic.severity === 'error' ? 'red' : diagnostic.severity === 'warning' ? 'yellow' : 'cyan';
  return `${paint(io, 'gray', `${' '.repeat(gutter)} |`)}\n${paint(io, 'gray', `${diagnostic.line} |`)} ${source}\n${paint(io, 'gray', `${' '.repeat(gutter)} |`)} ${paint(io, colour, caret)}\n`;
}

function summary(diagnostics: readonly Diagnostic[], fileCount: number, lang: Lang): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const infos = diagnostics.length - errors - warnings;
  if (lang === 'zh-CN') {
    return diagnostics.length === 0 ? `已检查 ${fileCount} 个文件, 没有问题。` : `${errors} 个错误, ${warnings} 个警告, ${infos} 条提示 (共 ${fileCount} 个文件)。`;
  }
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return diagnostics.length === 0 ? `Checked ${plural(fileCount, 'file')}: no problems.` : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info in ${plural(fileCount, 'file')}.`;
}

/** `flywheel validate`: prints diagnostics like a compiler (or JSON) and exits 1 when any is an error. */
export function runValidate(argv: string[], io: CliIo): number {
  const args = parseWorkspaceArgs(io, argv, HELP);
  if (typeof args === 'number') return args;
  const { dir, lang, format } = args;

  const inputs = readPlaybookFolder(dir);
  const { model, diagnostics } = validateWorkspace(inputs, folderFileProvider(dir));
  const display = (file: string) => displayPath(io, dir, file);
  if (inputs.length === 0) {
    io.err(lang === 'zh-CN' ? `在 ${display('.')} 中没有找到 .yaml/.yml 剧本文件。\n` : `No .yaml/.yml playbook files found in ${display('.')}.\n`);
    return 1;
  }

  if (format === 'json') {
    const rows = diagnostics.map((d) => ({
      file: display(d.file), line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn,
      severity: d.severity, code: d.code, message: localize(d.message, lang), ...(d.href ? { href: d.href } : {}),
    }));
    io.out(`${JSON.stringify({ diagnostics: rows }, null, 2)}\n`);
  } else {
    for (const d of diagnostics) {
      const colour = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan';
      io.out(`${paint(io, 'bold', `${display(d.file)}:${d.line}:${d.column}`)} ${paint(io, colour, d.severity)} ${paint(io, 'gray', d.code)} ${diagnosticText(d, lang)}\n`);
      io.out(excerpt(io, model.files.get(d.file), d));
    }
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    io.out(`${paint(io, hasErrors ? 'red' : diagnostics.length > 0 ? 'yellow' : 'green', summary(diagnostics, inputs.length, lang))}\n`);
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
