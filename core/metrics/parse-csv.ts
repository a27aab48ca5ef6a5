import { parse } from 'csv-parse/sync';
import { text, type LocalizedText } from '../diagnostics';
import { DIMENSIONS, type Dimension, type MetricPoint, type PointIndexBuilder, type SeriesDimensions, type Where } from '../evaluate/point-index';
import { METRIC_ID_PATTERN } from '../schema/patterns';

/** A row that could not be read, with its 1-based line in the file. */
export interface CsvProblem {
  readonly line: number;
  readonly message: LocalizedText;
}

export const CSV_COLUMNS = ['time', 'metric', 'value', 'channel', 'campaign', 'post', 'variant', 'content_type'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** What a row's columns after `value` say, read once per distinct text: its dimensions, or what is wrong. */
type TailReading<D> = { readonly dimensions: D } | { readonly problem: LocalizedText };

/**
 * Reads rows and hands each good one to `accept` with its dimensions as made by `makeDimensions`,
 * once per distinct dimension text. Metric exports repeat the same timestamps, metric ids and
 * dimension columns on thousands of rows, so each is parsed and checked once and remembered.
 */
class CsvRowReader<D> {
  private readonly times = new Map<string, number>();
  private readonly metrics = new Set<string>();
  private readonly tails = new Map<string, TailReading<D>>();
  private seenRow = false;
  readonly problems: CsvProblem[] = [];

  constructor(
    private readonly makeDimensions: (where: Where) => D,
    private readonly accept: (time: number, metric: string, value: number, dimensions: D) => void,
  ) {}

  /** Reads one line (without its line break). */
  readLine(line: string, number: number): void {
    if (line.trim() === '') return;
    if (line.includes('"')) {
      this.readQuoted(line, number);
      return;
    }
    const first = line.indexOf(',');
    const second = first === -1 ? -1 : line.indexOf(',', first + 1);
    if (!this.seenRow) {
      this.seenRow = true;
      if ((first === -1 ? line : line.slice(0, first)).trim().toLowerCase() === 'time') return;
    }
    if (second === -1) {
      this.fail(number, tooFewColumns(first === -1 ? 1 : 2));
      return;
    }
    const third = line.indexOf(',', second + 1);
    const tail = third === -1 ? '' : line.slice(third + 1);
    let reading = this.tails.get(tail);
    if (reading === undefined) {
      reading = this.readTail(tail === '' ? [] : tail.split(','));
      this.tails.set(tail, reading);
    }
    this.readFields(line.slice(0, first), line.slice(first + 1, second), third === -1 ? line.slice(second + 1) : line.slice(second + 1, third), reading, number);
  }

  /** A line with quotes goes through csv-parse; such lines are rare, so nothing of them is cached. */
  private readQuoted(line: string, number: number): void {
    let cells: string[];
    try {
      cells = (parse(line, { relax_column_count: true }) as string[][])[0] ?? [];
    } catch (error) {
      this.fail(number, text(`Unreadable CSV row (${error instanceof Error ? error.message : 'malformed'}): check its quotes.`, `无法读取的 CSV 行 (${error instanceof Error ? error.message : '格式错误'}): 请检查引号。`));
      return;
    }
    if (!this.seenRow) {
      this.seenRow = true;
      if (cells[0]?.trim().toLowerCase() === 'time') return;
    }
    if (cells.length < 3) {
      this.fail(number, tooFewColumns(cells.length));
      return;
    }
    this.readFields(cells[0] as string, cells[1] as string, cells[2] as string, this.readTail(cells.slice(3)), number);
  }

  private readTail(cells: readonly string[]): TailReading<D> {
    if (cells.length + 3 > CSV_COLUMNS.length) {
      return { problem: text(`Expected at most ${CSV_COLUMNS.length} columns (${CSV_COLUMNS.join(',')}); found ${cells.length + 3}.`, `最多 ${CSV_COLUMNS.length} 列 (${CSV_COLUMNS.join(',')}); 实际 ${cells.length + 3} 列。`) };
    }
    const where: Partial<Record<Dimension, string>> = {};
    DIMENSIONS.forEach((dimension, position) => {
      const cell = cells[position]?.trim();
      if (cell) where[dimension] = cell;
    });
    return { dimensions: this.makeDimensions(where) };
  }

  private readFields(timeCell: string, metricCell: string, valueCell: string, reading: TailReading<D>, number: number): void {
    if ('problem' in reading) {
      this.fail(number, reading.problem);
      return;
    }
    const time = timeCell.trim();
    let instant = this.times.get(time);
    if (instant === undefined) {
      instant = INSTANT.test(time) ? Date.parse(time) : Number.NaN;
      if (Number.isNaN(instant)) {
        this.fail(number, text(`"${time}" is not an ISO 8601 time with an offset, e.g. 2026-10-01T09:00:00+08:00.`, `"${time}" 不是带时区偏移的 ISO 8601 时间, 例如 2026-10-01T09:00:00+08:00。`));
        return;
      }
      this.times.set(time, instant);
    }
    const metric = metricCell.trim();
    if (!this.metrics.has(metric)) {
      if (!METRIC_ID_PATTERN.test(metric)) {
        this.fail(number, text(`"${metric}" is not a metric id (snake_case, e.g. interaction_rate).`, `"${metric}" 不是指标 ID (snake_case, 例如 interaction_rate)。`));
        return;
      }
      this.metrics.add(metric);
    }
    const value = valueCell.trim();
    const percent = value.endsWith('%');
    const number_ = value === '' ? Number.NaN : Number(percent ? value.slice(0, -1) : value);
    if (!Number.isFinite(number_)) {
      this.fail(number, text(`"${value}" is not a number.`, `"${value}" 不是数字。`));
      return;
    }
    this.accept(instant, metric, percent ? number_ / 100 : number_, reading.dimensions);
  }

  private fail(line: number, message: LocalizedText): void {
    this.problems.push({ line, message });
  }
}

function tooFewColumns(found: number): LocalizedText {
  return text(`Expected at least time,metric,value; found ${found} column(s).`, `至少需要 time,metric,value 三列; 实际 ${found} 列。`);
}

/** Feeds every line of a CSV text to the reader with its 1-based line number. */
function readLines(content: string, reader: CsvRowReader<unknown>): void {
  const body = content.replace(/^\uFEFF/, '');
  if (body.includes('\r')) {
    // CR or CRLF line breaks: rare, so the simple regex split is fine.
    body.split(/\r\n|\r|\n/).forEach((line, index) => reader.readLine(line, index + 1));
    return;
  }
  // Walk the text instead of splitting it: a million-row file need not become a million-string array first.
  let number = 1;
  for (let start = 0; start <= body.length; number += 1) {
    const end = body.indexOf('\n', start);
    reader.readLine(body.slice(start, end === -1 ? body.length : end), number);
    if (end === -1) break;
    start = end + 1;
  }
}

/**
 * Parses a metrics CSV (`time,metric,value[,channel,campaign,post,variant,content_type]`, with or
 * without that header). Rows are read line by line (no field of this format spans lines), so a
 * broken row is reported by its line and skipped while every good row is kept.
 */
export function parseMetricsCsv(content: string): { points: MetricPoint[]; problems: CsvProblem[] } {
  const points: MetricPoint[] = [];
  const reader = new CsvRowReader<Where>(
    (where) => where,
    (time, metric, value, where) => {
      // Every point gets the same eight properties in the same order: one object shape for a
      // million rows keeps them small and every later property read fast.
      const point = { time, metric, value, channel: where.channel, campaign: where.campaign, post: where.post, variant: where.variant, content_type: where.content_type };
      points.push(point as unknown as MetricPoint);
    },
  );
  readLines(content, reader as CsvRowReader<unknown>);
  return { points, problems: reader.problems };
}

/**
 * Reads a metrics CSV straight into a point index builder, with no object per row: the same rows,
 * checks and problems as parseMetricsCsv. Returns how many points it added.
 */
export function indexMetricsCsv(content: string, builder: PointIndexBuilder): { count: number; problems: CsvProblem[] } {
  let count = 0;
  const reader = new CsvRowReader<SeriesDimensions>(
    (where) => builder.dimensions(where),
    (time, metric, value, dimensions) => {
      builder.add(metric, dimensions, time, value);
      count += 1;
    },
  );
  readLines(content, reader as CsvRowReader<unknown>);
  return { count, problems: reader.problems };
}
