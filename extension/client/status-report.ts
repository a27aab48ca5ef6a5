/*
 * The goal status report the Goals view, the status bar and the dashboard show: the JSON that
 * `flywheel status --format json` prints, read from the local store or the AWS table. Parsed,
 * never cast: the CLI may be an older or newer version than the extension.
 */
import * as z from 'zod';
import { StatusReportSchema, type StatusReport } from '../../core/report/status-report';

export * from '../../core/report/status-report';

/** Reads the JSON text the CLI printed; throws a StatusReportError that says what was wrong. */
export function parseStatusReport(text: string): StatusReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StatusReportError('`flywheel status --format json` printed something that is not JSON', { cause: error });
  }
  const parsed = StatusReportSchema.safeParse(json);
  if (!parsed.success) throw new StatusReportError(`\`flywheel status --format json\` printed an unexpected shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The status report could not be read. */
export class StatusReportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StatusReportError';
  }
}
