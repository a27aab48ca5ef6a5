import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  folderFileProvider, localize, readPlaybookFolder, validateWorkspace, type Diagnostic, type Lang, type ValidationResult,
} from '../../core/index';
import { paint, type CliIo } from '../output';

/** A playbook folder given on the command line, resolved, or an error message when it is not one. */
export function resolveFolder(io: CliIo, given: string | undefined): { dir: string } | { error: string } {
  const dir = resolve(io.cwd, given ?? 'playbooks');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { error: `${given ?? 'playbooks'} is not a folder / 不是目录` };
  return { dir };
}

/** How a workspace file is shown: relative to the current directory, with `/`. */
export function displayPath(io: CliIo, dir: string, file: string): string {
  return relative(io.cwd, join(dir, file)).split('\\').join('/') || file;
}

/** Validates a folder for a command that needs valid playbooks; prints the errors when there are any. */
export function loadValidWorkspace(io: CliIo, dir: string, lang: Lang): ValidationResult | undefined {
  const result = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const errors = result.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.severity === 'error');
  if (errors.length === 0) return result;
  for (const error of errors) {
    io.err(`${displayPath(io, dir, error.file)}:${error.line}:${error.column} ${paint(io, 'red', 'error')} ${error.code} ${localize(error.message, lang)}\n`);
  }
  io.err(lang === 'zh-CN'
    ? `剧本有 ${errors.length} 个错误, 请先修复 (运行 flywheel validate 查看详情)。\n`
    : `The playbooks have ${errors.length} error(s); fix them first (flywheel validate shows the details).\n`);
  return undefined;
}
