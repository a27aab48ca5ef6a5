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
  forecast: z.number().optional(),
  target: z.number(),
  /** The start value of the expected path: the key result's own baseline or the one inferred from data. */
  baseline: z.number().optional(),
  source: SourceLocationSchema.optional(),
  series: KeyResultSeriesSchema.optional(),
});
export type KeyResultReport = z.infer<typeof KeyResultReportSchema>;

export const GoalReportSchema = z.object({
  goal: z.string(),
  title: z.string(),
  status: z.string(),
  source: SourceLocationSchema.optional(),
  keyResults: z.array(KeyResultReportSchema),
});
export type GoalReport = z.infer<typeof GoalReportSchema>;

export const StatusReportSchema = z.object({
  workspace: z.string(),
  at: z.string(),
  /** The workspace's IANA time zone: dates on the dashboard are read in it. */
  timezone: z.string().optional(),
  goals: z.array(GoalReportSchema),
  checks: z.array(z.object({ check: z.string(), firing: z.boolean() })),
  nextPublishes: z.array(z.object({
    at: z.string(), local: z.string(), campaign: z.string(), post: z.string(), channel: z.string(),
    variant: z.string().optional(), blocked: z.boolean(),
  })),
});
/** Everything `flywheel status --format json` reports. */
export type StatusReport = z.infer<typeof StatusReportSchema>;
