/*
 * The goal status report: the JSON that `flywheel status --format json` prints, which the CLI builds
 * from the local store or the deployed table (functions/store/status-report.ts) and the VS Code
 * views parse (extension/client/status-report.ts). One schema, so the two sides cannot drift.
 */
import * as z from 'zod';

/** Where a goal or key result is declared: path relative to the playbooks folder, 1-based line. */
export const SourceLocationSchema = z.object({ file: z.string(), line: z.number().int().positive() });
export type SourceLocation = z.infer<typeof SourceLocationSchema>;

const TimedValueSchema = z.object({ at: z.string(), value: z.number() });
/** A point of a chart: an ISO instant and a value. */
export type TimedValue = z.infer<typeof TimedValueSchema>;

/** What the dashboard draws for one key result: measured values, the expected path, the forecast line. */
export const KeyResultSeriesSchema = z.object({
  start: z.string(),
  end: z.string(),
  actual: z.array(TimedValueSchema),
  expected: z.array(TimedValueSchema),
  forecast: z.array(TimedValueSchema),
});
export type KeyResultSeries = z.infer<typeof KeyResultSeriesSchema>;

export const KeyResultReportSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  // A string, not an enum: a newer CLI may add a status; the view shows it with a neutral icon.
  status: z.string(),
  value: z.number().optional(),
  expected: z.number().optional(),
  /** Left out when the data is stale: the trend of numbers that stopped arriving says nothing. */
  forecast: z.number().optional(),
  target: z.number(),
  /** The start value of the expected path: the key result's own baseline, or 0 for a cumulative metric. */
  baseline: z.number().optional(),
  /** Where the key result is declared in the playbooks (not where its numbers come from: see dataSources). */
  source: SourceLocationSchema.optional(),
  series: KeyResultSeriesSchema.optional(),
  // Added with goal status v1.1; older reports lack them.
  /** The metric id and its unit (count, ratio, percent, currency, seconds): format values by it. */
  metric: z.string().optional(),
  unit: z.string().optional(),
  /** How the value is compared with the target: >=, >, <=, <, == or != (a plain number target: >= rising, <= falling). */
  targetOperator: z.string().optional(),
  /** per-post: the counting period (day, week, month, quarter, year); value is the count of the current one. */
  period: z.string().optional(),
  /** path (baseline → target), level (a level to hold: achieved or off-track) or per-post (posts counted per period). */
  kind: z.string().optional(),
  /** (value − baseline) / (target − baseline) as a fraction: 0 at the baseline, 1 at the target. */
  progress: z.number().optional(),
  /** The expected value's progress; on-track when progress ≥ (1 − tolerance) × this. */
  expectedProgress: z.number().optional(),
  /** ISO instant (UTC) of the latest point the value is made from. */
  latestPointAt: z.string().optional(),
  /** The latest point is older than two evaluation periods: value and status are as of latestPointAt, not today. */
  stale: z.boolean().optional(),
  /** Ids of the workspace's metric sources (spec.sources) that write this metric; empty when only imports do. */
  dataSources: z.array(z.string()).optional(),
});
export type KeyResultReport = z.infer<typeof KeyResultReportSchema>;

export const GoalReportSchema = z.object({
  goal: z.string(),
  title: z.string(),
  status: z.string(),
  /** Some key result's data is stale. */
  stale: z.boolean().optional(),
  /** The goal's tolerance as a fraction (0.1 for 10%). */
  tolerance: z.number().optional(),
  source: SourceLocationSchema.optional(),
  keyResults: z.array(KeyResultReportSchema),
});
export type GoalReport = z.infer<typeof GoalReportSchema>;

export const StatusReportSchema = z.object({
  workspace: z.string(),
  /** The workspace's display title. */
  title: z.string().optional(),
  at: z.string(),
  /** The workspace's IANA time zone: dates on the dashboard are read in it. */
  timezone: z.string().optional(),
  goals: z.array(GoalReportSchema),
  checks: z.array(z.object({ check: z.string(), title: z.string().optional(), firing: z.boolean() })),
  nextPublishes: z.array(z.object({
    at: z.string(), local: z.string(), campaign: z.string(), post: z.string(), channel: z.string(),
    variant: z.string().optional(), blocked: z.boolean(),
    /** The zone `local` is in; the post's title (its variant's when it has one) and the campaign's title. */
    zone: z.string().optional(), title: z.string().optional(), campaignTitle: z.string().optional(),
    /** The channel's platform and display title, when the workspace gives one. */
    platform: z.string().optional(), channelTitle: z.string().optional(),
  })),
});
/** Everything `flywheel status --format json` reports. */
export type StatusReport = z.infer<typeof StatusReportSchema>;
