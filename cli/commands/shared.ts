import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join, relative, resolve } from 'node:path';
import {
  folderFileProvider, localToInstant, localize, parseDate, parseLocalTime, parseMetricsCsv, readPlaybookFolder, validateWorkspace, type CsvProblem, type Diagnostic, type Lang, type MetricPoint,
  type ValidationResult,
} from '../../core/index';
import { detectLang } from '../lang';
import { paint, type CliIo } from '../output';
import { usageError } from '../usage';

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

/** A diagnostic's message for a terminal: the text, then the page that states the rule when it has one. */
export function diagnosticText(diagnostic: Diagnostic, lang: Lang): string {
  const message = localize(diagnostic.message, lang);
  if (!diagnostic.href) return message;
  return lang === 'zh-CN' ? `${message}（来源：${diagnostic.href}）` : `${message} (source: ${diagnostic.href})`;
}

/** Validates a folder for a command that needs valid playbooks; prints the errors when there are any. */
export function loadValidWorkspace(io: CliIo, dir: string, lang: Lang): ValidationResult | undefined {
  const result = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const errors = result.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.severity === 'error');
  if (errors.length === 0) return result;
  for (const error of errors) {
    io.err(`${displayPath(io, dir, error.file)}:${error.line}:${error.column} ${paint(io, 'red', 'error')} ${error.code} ${diagnosticText(error, lang)}\n`);
  }
  io.err(lang === 'zh-CN'
    ? `剧本有 ${errors.length} 个错误, 请先修复 (运行 flywheel validate 查看详情)。\n`
    : `The playbooks have ${errors.length} error(s); fix them first (flywheel validate shows the details).\n`);
  return undefined;
}

/** What every workspace command reads from its arguments. */
export interface WorkspaceArgs<Format extends string = 'text' | 'json'> {
  readonly dir: string;
  readonly lang: Lang;
  readonly format: Format;
  /** Values of the command's own options. */
  readonly options: Record<string, string | boolean | string[] | undefined>;
}

type OptionConfig = { type: 'string' | 'boolean'; multiple?: boolean; default?: string | boolean };

/**
 * Parses `flywheel <command> [dir] [--format text|json] [--lang en|zh-CN] [--help]` plus the
 * command's own options. Returns the exit status instead when the command is done (help printed:
 * 0) or the arguments are wrong (usage printed: 2).
 */
export function parseWorkspaceArgs<Format extends string = 'text' | 'json'>(
  io: CliIo, argv: string[], help: string, own: Record<string, OptionConfig> = {},
  /** The formats the command prints, the default first. */
  formats: readonly Format[] = ['text', 'json'] as unknown as readonly Format[],
): WorkspaceArgs<Format> | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: { ...own, format: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error), help);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(help);
    return 0;
  }
  if (positionals.length > 1) return usageError(io, `expected at most one folder, got ${positionals.length}`, help);
  const format = (values.format ?? formats[0]) as Format;
  if (!formats.includes(format)) return usageError(io, `--format must be ${formats.join(' or ')}, not "${String(values.format)}"`, help);
  const lang = detectLang(values.lang as string | undefined);
  if (!lang) return usageError(io, `--lang must be en or zh-CN, not "${String(values.lang)}"`, help);
  const folder = resolveFolder(io, positionals[0]);
  if ('error' in folder) return usageError(io, folder.error, help);
  return { dir: folder.dir, lang, format, options: values as WorkspaceArgs['options'] };
}

/** The metrics CSV files of a workspace: `<dir>/metrics/*.csv`, in name order. */
export function workspaceMetricFiles(dir: string): string[] {
  const folder = join(dir, 'metrics');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder).filter((name) => name.endsWith('.csv')).sort().map((name) => join(folder, name));
}

/** Reads metrics CSV files; bad rows are reported by file and line (as warnings) and skipped. */
export function readMetricFiles(io: CliIo, files: readonly string[], lang: Lang): { points: MetricPoint[]; badRows: number } {
  const points: MetricPoint[] = [];
  const badRows = readEachMetricFile(io, files, lang, (content) => {
    const read = parseMetricsCsv(content);
    // One push per point: spreading a million points into one call overflows the stack.
    for (const point of read.points) points.push(point);
    return read.problems;
  });
  return { points, badRows };
}

/** Prints each file's bad rows as warnings, as readMetricFiles does; returns how many there were. */
export function reportMetricProblems(io: CliIo, files: readonly string[], problems: readonly (readonly CsvProblem[])[], lang: Lang): number {
  let badRows = 0;
  files.forEach((file, position) => {
    for (const problem of problems[position] ?? []) {
      badRows += 1;
      io.err(`${displayPath(io, io.cwd, file)}:${problem.line}: ${paint(io, 'yellow', 'warning')} ${localize(problem.message, lang)}\n`);
    }
  });
  return badRows;
}

/** Reads each file, hands its text to `read`, and prints the problems it reports; returns how many there were. */
function readEachMetricFile(io: CliIo, files: readonly string[], lang: Lang, read: (content: Uint8Array) => readonly CsvProblem[]): number {
  // Bytes, not text: the reader finds out whether a file is UTF-8 or GB18030.
  return reportMetricProblems(io, files, files.map((file) => read(readFileSync(file))), lang);
}

/**
 * Reads a --from/--to/--at value in the workspace zone: a date (at 00:00, or with `endOfDay` at its
 * last minute, 23:59), a local time (YYYY-MM-DD HH:mm), or an ISO 8601 instant with an offset;
 * undefined when it is none of them.
 */
export function readInstantArg(value: string, zone: string, endOfDay: boolean): number | undefined {
  const date = parseDate(value);
  if (date) {
    const start = localToInstant(date, zone);
    if (!endOfDay) return start;
    const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
    return localToInstant({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 }, zone) - 60_000;
  }
  const local = parseLocalTime(value);
  if (local) return localToInstant(local, zone);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : instant;
}
