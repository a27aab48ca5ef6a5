import { parse } from 'csv-parse/sync';
import { text, type LocalizedText } from '../diagnostics';
import type { MetricPoint } from '../evaluate/point-index';
import { METRIC_ID_PATTERN } from '../schema/values';

/** A row that could not be read, with its 1-based line in the file. */
export interface CsvProblem {
  readonly line: number;
  readonly message: LocalizedText;
}

export const CSV_COLUMNS = ['time', 'metric', 'value', 'channel', 'campaign', 'post', 'variant', 'content_type'] as const;
const DIMENSIONS = ['channel', 'campaign', 'post', 'variant', 'content_type'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Reads one row into a point, or says what is wrong with it. */
function readRow(cells: readonly string[]): MetricPoint | LocalizedText {
  const [time = '', metric = '', value = ''] = cells.map((cell) => cell.trim());
  if (cells.length < 3) return text(`Expected at least time,metric,value; found ${cells.length} column(s).`, `至少需要 time,metric,value 三列; 实际 ${cells.length} 列。`);
  if (cells.length > CSV_COLUMNS.length) return text(`Expected at most ${CSV_COLUMNS.length} columns (${CSV_COLUMNS.join(',')}); found ${cells.length}.`, `最多 ${CSV_COLUMNS.length} 列 (${CSV_COLUMNS.join(',')}); 实际 ${cells.length} 列。`);
  const instant = INSTANT.test(time) ? Date.parse(time) : Number.NaN;
  if (Number.isNaN(instant)) return text(`"${time}" is not an ISO 8601 time with an offset, e.g. 2026-10-01T09:00:00+08:00.`, `"${time}" 不是带时区偏移的 ISO 8601 时间, 例如 2026-10-01T09:00:00+08:00。`);
  if (!METRIC_ID_PATTERN.test(metric)) return text(`"${metric}" is not a metric id (snake_case, e.g. interaction_rate).`, `"${metric}" 不是指标 ID (snake_case, 例如 interaction_rate)。`);
  const number = value === '' ? Number.NaN : Number(value.replace(/%$/, ''));
  if (!Number.isFinite(number)) return text(`"${value}" is not a number.`, `"${value}" 不是数字。`);
  const point: Record<string, string | number> = { time: instant, metric, value: value.endsWith('%') ? number / 100 : number };
  DIMENSIONS.forEach((dimension, index) => {
    const cell = cells[index + 3]?.trim();
    if (cell) point[dimension] = cell;
  });
  return point as unknown as MetricPoint;
}

/** Splits one line into cells: plain lines by comma, quoted ones through csv-parse. */
function splitLine(line: string): string[] | LocalizedText {
  if (!line.includes('"')) return line.split(',');
  try {
    const [cells] = parse(line, { relax_column_count: true }) as string[][];
    return cells ?? [];
  } catch (error) {
    return text(`Unreadable CSV row (${error instanceof Error ? error.message : 'malformed'}): check its quotes.`, `无法读取的 CSV 行 (${error instanceof Error ? error.message : '格式错误'}): 请检查引号。`);
  }
}

/**
 * Parses a metrics CSV (`time,metric,value[,channel,campaign,post,variant,content_type]`, with or
 * without that header). Rows are read line by line (no field of this format spans lines), so a
 * broken row is reported by its line and skipped while every good row is kept.
 */
export function parseMetricsCsv(content: string): { points: MetricPoint[]; problems: CsvProblem[] } {
  const points: MetricPoint[] = [];
  const problems: CsvProblem[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = splitLine(line);
    if (!Array.isArray(cells)) {
      problems.push({ line: index + 1, message: cells });
      return;
    }
    if (points.length === 0 && problems.length === 0 && cells[0]?.trim().toLowerCase() === 'time') return;
    const result = readRow(cells);
    if ('en' in result) problems.push({ line: index + 1, message: result });
    else points.push(result);
  });
  return { points, problems };
}
