import { parse } from 'csv-parse/sync';
import { text, type LocalizedText } from '../diagnostics';
import { DIMENSIONS, type Dimension, type MetricPoint, type PointIndexBuilder, type SeriesDimensions, type Where } from '../evaluate/point-index';
import { METRIC_ID_PATTERN } from '../schema/patterns';
import type { MetricInfo } from './builtins';
import { decodeMetricsCsv, type CsvEncoding } from './decode-csv';
import { checkDimensionValue, checkValueSense, readMetricValue, readPlainNumber } from './metric-values';
import { readInstant } from './read-instant';

/** A row that could not be read, with its 1-based line in the file. */
export interface CsvProblem {
  readonly line: number;
  readonly message: LocalizedText;
}

/** The columns of a metrics file, in the order `flywheel metrics export` writes them. */
export const CSV_COLUMNS = ['time', 'metric', 'value', 'channel', 'campaign', 'post', 'variant', 'content_type'] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['time', 'metric', 'value'];

/**
 * What the playbooks define, to check rows against (spec v1.1): a row whose metric or channel is
 * not defined is refused; a post or campaign the playbooks do not define is kept and listed.
 */
export interface MetricsWorkspace {
  readonly metrics: ReadonlyMap<string, MetricInfo>;
  readonly channels: ReadonlySet<string>;
  readonly campaigns: ReadonlySet<string>;
  readonly posts: ReadonlySet<string>;
}

/** How to read a metrics file. */
export interface MetricsCsvOptions {
  /** Checks each row against the workspace; without it only the file's own rules apply. */
  readonly workspace?: MetricsWorkspace;
}

/** What a read found besides its points. */
export interface MetricsCsvReport {
  readonly problems: CsvProblem[];
  /** How the bytes were read (text given as a string counts as UTF-8). */
  readonly encoding: CsvEncoding;
  /** Posts and campaigns the rows name that the playbooks do not define (kept, listed once). */
  readonly unknownPosts: string[];
  readonly unknownCampaigns: string[];
}

/** Where each column sits in a row. */
interface Layout {
  readonly width: number;
  readonly time: number;
  readonly metric: number;
  readonly value: number;
  /** The dimension at each position (undefined at time, metric and value). */
  readonly dimensionAt: readonly (Dimension | undefined)[];
  /** time, metric, value are the first three columns (as exported): the fast path. */
  readonly leading: boolean;
}

/** What the dimension cells of a row say, read once per distinct text: its dimensions, or what is wrong. */
type DimensionReading<D> = { readonly dimensions: D } | { readonly problem: LocalizedText };
/** What a metric id says, read once per distinct id: how to check its values, or what is wrong. */
type MetricReading = { readonly info: MetricInfo | undefined } | { readonly problem: LocalizedText };

/**
 * Reads rows and hands each good one to `accept` with its dimensions as made by `makeDimensions`,
 * once per distinct dimension text. Metric exports repeat the same timestamps, metric ids and
 * dimension columns on thousands of rows, so each is parsed and checked once and remembered.
 */
class CsvRowReader<D> {
  private readonly times = new Map<string, number | LocalizedText>();
  private readonly metrics = new Map<string, MetricReading>();
  private readonly tails = new Map<string, DimensionReading<D>>();
  private layout: Layout | undefined;
  private refused = false;
  readonly problems: CsvProblem[] = [];
  readonly unknownPosts = new Set<string>();
  readonly unknownCampaigns = new Set<string>();

  constructor(
    private readonly makeDimensions: (where: Where) => D,
    private readonly accept: (time: number, metric: string, value: number, dimensions: D, line: number) => void,
    private readonly workspace: MetricsWorkspace | undefined,
  ) {}

  /** Reads one line (without its line break). */
  readLine(line: string, number: number): void {
    if (this.refused || line.trim() === '') return;
    const layout = this.layout;
    if (layout === undefined) {
      this.readHeader(line, number);
      return;
    }
    if (line.includes('"')) {
      this.readQuoted(line, number, layout);
      return;
    }
    if (!layout.leading) {
      this.readCells(line.split(','), number, layout);
      return;
    }
    const first = line.indexOf(',');
    const second = first === -1 ? -1 : line.indexOf(',', first + 1);
    if (second === -1) {
      this.fail(number, tooFewColumns(first === -1 ? 1 : 2));
      return;
    }
    const third = line.indexOf(',', second + 1);
    const tail = third === -1 ? '' : line.slice(third + 1);
    let reading = this.tails.get(tail);
    if (reading === undefined) {
      reading = this.readDimensions(tail === '' ? [] : tail.split(','), 3, layout);
      this.tails.set(tail, reading);
    }
    this.readFields(line.slice(0, first), line.slice(first + 1, second), third === -1 ? line.slice(second + 1) : line.slice(second + 1, third), reading, number);
  }

  /** The first line names the columns (spec v1.1); a file whose header is wrong is refused whole, at that line. */
  private readHeader(line: string, number: number): void {
    const cells = splitQuoted(line);
    const names = (cells ?? []).map((cell) => cell.trim().toLowerCase());
    const refuse = (message: LocalizedText) => {
      this.refused = true;
      this.fail(number, text(`${message.en} No row of this file was read.`, `${message.zh}本文件未读取任何数据行。`));
    };
    const expected = CSV_COLUMNS.join(',');
    if (cells === undefined) return refuse(text(`The header row is not readable CSV: check its quotes; expected ${expected}.`, `表头行不是有效的 CSV：请检查引号；应为 ${expected}。`));
    if (/^\d/.test(names[0] ?? '')) {
      return refuse(text(
        `The first row must be the header naming the columns (e.g. ${expected}); this one looks like data.`,
        `第一行必须是列名表头（例如 ${expected}）；这一行看起来是数据。`,
      ));
    }
    const unknown = names.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      const listed = (empty: string) => unknown.map((name) => (name === '' ? empty : `"${name}"`)).join(', ');
      return refuse(text(`Unknown column(s) ${listed('(an empty name)')}: the columns are ${expected}.`, `未知的列 ${listed('（空列名）')}：可用的列为 ${expected}。`));
    }
    const repeated = names.filter((name, position) => names.indexOf(name) !== position);
    if (repeated.length > 0) return refuse(text(`Column "${repeated[0]}" appears twice in the header.`, `表头中“${repeated[0]}”列出现了两次。`));
    const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name));
    if (missing.length > 0) return refuse(text(`The header lacks the required column(s) ${missing.join(', ')}.`, `表头缺少必需的列 ${missing.join('、')}。`));
    const at = (name: Column) => names.indexOf(name);
    this.layout = {
      width: names.length, time: at('time'), metric: at('metric'), value: at('value'),
      dimensionAt: names.map((name) => ((DIMENSIONS as readonly string[]).includes(name) ? (name as Dimension) : undefined)),
      leading: at('time') === 0 && at('metric') === 1 && at('value') === 2,
    };
  }

  /** A line with quotes goes through csv-parse; such lines are rare, so nothing of them is cached. */
  private readQuoted(line: string, number: number, layout: Layout): void {
    const cells = splitQuoted(line);
    if (cells === undefined) {
      this.fail(number, text('Unreadable CSV row: check its quotes.', '无法读取的 CSV 行：请检查引号。'));
      return;
    }
    this.readCells(cells, number, layout, false);
  }

  /** A row split into cells, in any column order. */
  private readCells(cells: readonly string[], number: number, layout: Layout, cache = true): void {
    if (cells.length <= Math.max(layout.time, layout.metric, layout.value)) {
      this.fail(number, tooFewColumns(cells.length));
      return;
    }
    let reading: DimensionReading<D> | undefined;
    if (cache) {
      const key = layout.dimensionAt.map((dimension, position) => (dimension === undefined ? '' : cells[position] ?? '')).join('\u0000') + (cells.length > layout.width ? `\u0000${cells.length}` : '');
      reading = this.tails.get(key);
      if (reading === undefined) {
        reading = this.readDimensions(cells, 0, layout);
        this.tails.set(key, reading);
      }
    } else {
      reading = this.readDimensions(cells, 0, layout);
    }
    this.readFields(cells[layout.time] as string, cells[layout.metric] as string, cells[layout.value] as string, reading, number);
  }

  /** Reads the dimension cells of a row; `cells[0]` sits at column `offset`. */
  private readDimensions(cells: readonly string[], offset: number, layout: Layout): DimensionReading<D> {
    if (cells.length + offset > layout.width) {
      return { problem: text(`The row has ${cells.length + offset} cells but the header names ${layout.width} columns.`, `该行有 ${cells.length + offset} 个单元格，但表头只有 ${layout.width} 列。`) };
    }
    const where: Partial<Record<Dimension, string>> = {};
    cells.forEach((raw, position) => {
      const dimension = layout.dimensionAt[position + offset];
      const cell = dimension === undefined ? '' : raw.trim();
      if (dimension !== undefined && cell !== '') where[dimension] = cell;
    });
    for (const dimension of DIMENSIONS) {
      const cell = where[dimension];
      const problem = cell === undefined ? undefined : checkDimensionValue(dimension, cell);
      if (problem) return { problem };
    }
    const workspace = this.workspace;
    if (workspace !== undefined) {
      if (where.channel !== undefined && !workspace.channels.has(where.channel)) {
        return { problem: text(`Channel "${where.channel}" is not defined in the workspace (spec.channels).`, `渠道“${where.channel}”未在工作区中定义（spec.channels）。`) };
      }
      if (where.post !== undefined && !workspace.posts.has(where.post)) this.unknownPosts.add(where.post);
      if (where.campaign !== undefined && !workspace.campaigns.has(where.campaign)) this.unknownCampaigns.add(where.campaign);
    }
    return { dimensions: this.makeDimensions(where) };
  }

  private readMetric(metric: string): MetricReading {
    let reading = this.metrics.get(metric);
    if (reading !== undefined) return reading;
    if (!METRIC_ID_PATTERN.test(metric)) {
      reading = { problem: text(`"${metric}" is not a metric id (snake_case, e.g. interaction_rate).`, `“${metric}”不是指标 ID（snake_case，例如 interaction_rate）。`) };
    } else if (this.workspace === undefined) {
      reading = { info: undefined };
    } else {
      const info = this.workspace.metrics.get(metric);
      reading = info === undefined
        ? { problem: text(`Metric "${metric}" is not defined in the workspace: add it to spec.metrics or use a built-in metric.`, `指标“${metric}”未在工作区中定义：请在 spec.metrics 中添加，或使用内置指标。`) }
        : { info };
    }
    this.metrics.set(metric, reading);
    return reading;
  }

  private readFields(timeCell: string, metricCell: string, valueCell: string, dimensions: DimensionReading<D>, number: number): void {
    if ('problem' in dimensions) {
      this.fail(number, dimensions.problem);
      return;
    }
    const time = timeCell.trim();
    let instant = this.times.get(time);
    if (instant === undefined) {
      instant = readInstant(time);
      this.times.set(time, instant);
    }
    if (typeof instant !== 'number') {
      this.fail(number, instant);
      return;
    }
    const metric = metricCell.trim();
    const metricReading = this.readMetric(metric);
    if ('problem' in metricReading) {
      this.fail(number, metricReading.problem);
      return;
    }
    const written = valueCell.trim();
    let value = readPlainNumber(written);
    if (value === undefined) {
      const reading = readMetricValue(written);
      if ('problem' in reading) {
        this.fail(number, reading.problem);
        return;
      }
      value = reading.value;
    }
    const senseProblem = metricReading.info === undefined ? undefined : checkValueSense(value, metricReading.info, written);
    if (senseProblem !== undefined) {
      this.fail(number, senseProblem);
      return;
    }
    this.accept(instant, metric, value, dimensions.dimensions, number);
  }

  private fail(line: number, message: LocalizedText): void {
    this.problems.push({ line, message });
  }
}

/** The cells of one CSV line with quotes, or undefined when its quotes are broken. */
function splitQuoted(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  try {
    return (parse(line, { relax_column_count: true }) as string[][])[0] ?? [''];
  } catch {
    return undefined;
  }
}

function tooFewColumns(found: number): LocalizedText {
  return text(`The row has ${found} cell(s): time, metric and value are required.`, `该行只有 ${found} 个单元格：time、metric、value 为必填。`);
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

/** Decodes bytes (UTF-8, GB18030/GBK, UTF-16) and reads them, or reports why the file was refused. */
function readContent(content: string | Uint8Array, reader: CsvRowReader<unknown>): CsvEncoding {
  if (typeof content === 'string') {
    readLines(content, reader);
    return 'utf-8';
  }
  const decoded = decodeMetricsCsv(content);
  if ('problem' in decoded) {
    reader.problems.push({ line: decoded.line, message: decoded.problem });
    return 'utf-8';
  }
  readLines(decoded.text, reader);
  return decoded.encoding;
}

function reportOf(reader: CsvRowReader<unknown>, encoding: CsvEncoding): MetricsCsvReport {
  return { problems: reader.problems, encoding, unknownPosts: [...reader.unknownPosts], unknownCampaigns: [...reader.unknownCampaigns] };
}

/**
 * Parses a metrics file (spec v1.1: a header naming the columns, any order). Rows are read line by
 * line (no field of this format spans lines), so a broken row is reported by its line and skipped
 * while every good row is kept. `lines[i]` is the line of `points[i]`.
 */
export function parseMetricsCsv(content: string | Uint8Array, options: MetricsCsvOptions = {}): MetricsCsvReport & { points: MetricPoint[]; lines: number[] } {
  const points: MetricPoint[] = [];
  const lines: number[] = [];
  const reader = new CsvRowReader<Where>(
    (where) => where,
    (time, metric, value, where, line) => {
      // Every point gets the same eight properties in the same order: one object shape for a
      // million rows keeps them small and every later property read fast.
      const point = { time, metric, value, channel: where.channel, campaign: where.campaign, post: where.post, variant: where.variant, content_type: where.content_type };
      points.push(point as unknown as MetricPoint);
      lines.push(line);
    },
    options.workspace,
  );
  const encoding = readContent(content, reader as CsvRowReader<unknown>);
  return { points, lines, ...reportOf(reader as CsvRowReader<unknown>, encoding) };
}

/**
 * Reads a metrics file straight into a point index builder, with no object per row: the same rows,
 * checks and problems as parseMetricsCsv. Returns how many points it added.
 */
export function indexMetricsCsv(content: string | Uint8Array, builder: PointIndexBuilder, options: MetricsCsvOptions = {}): MetricsCsvReport & { count: number } {
  let count = 0;
  const reader = new CsvRowReader<SeriesDimensions>(
    (where) => builder.dimensions(where),
    (time, metric, value, dimensions) => {
      builder.add(metric, dimensions, time, value);
      count += 1;
    },
    options.workspace,
  );
  const encoding = readContent(content, reader as CsvRowReader<unknown>);
  return { count, ...reportOf(reader as CsvRowReader<unknown>, encoding) };
}
