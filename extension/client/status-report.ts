/*
 * The goal status report the Goals view, the status bar and the dashboard show: the JSON that
 * `flywheel status --format json` prints (from the local store or the AWS table). Checked, never
 * cast: the CLI may be an older or newer version than the extension. A small hand check of the
 * shape core/report/status-report.ts declares, so the client bundle carries no zod.
 */
import type { StatusReport } from '../../core/report/status-report';

export type { GoalReport, KeyResultReport, KeyResultSeries, SourceLocation, StatusReport, TimedValue } from '../../core/report/status-report';

/** A field's type: a JSON type (`?` when it may be left out), or a nested shape, a list of one. */
type Field = 'string' | 'number' | 'boolean' | '?string' | '?number' | '?boolean' | Shape | readonly [Shape | 'string'] | { readonly optional: Field };
interface Shape { readonly [key: string]: Field }

const LOCATION: Shape = { file: 'string', line: 'number' };
const POINTS = [{ at: 'string', value: 'number' }] as const;
const KEY_RESULT: Shape = {
  id: 'string', title: '?string', status: 'string', value: '?number', expected: '?number', forecast: '?number', target: 'number', baseline: '?number',
  source: { optional: LOCATION }, series: { optional: { start: 'string', end: 'string', actual: POINTS, expected: POINTS, forecast: POINTS } },
  metric: '?string', unit: '?string', targetOperator: '?string', period: '?string', kind: '?string', progress: '?number', expectedProgress: '?number',
  latestPointAt: '?string', stale: '?boolean', dataSources: { optional: ['string'] },
};
const REPORT: Shape = {
  workspace: 'string', title: '?string', at: 'string', timezone: '?string',
  goals: [{ goal: 'string', title: 'string', status: 'string', stale: '?boolean', tolerance: '?number', source: { optional: LOCATION }, keyResults: [KEY_RESULT] }],
  checks: [{ check: 'string', title: '?string', firing: 'boolean' }],
  nextPublishes: [{
    at: 'string', local: 'string', campaign: 'string', post: 'string', channel: 'string', variant: '?string', blocked: 'boolean',
    zone: '?string', title: '?string', campaignTitle: '?string', platform: '?string', channelTitle: '?string',
  }],
};

/** The first place where `value` does not have the `field` type, or undefined when it does. */
function mismatch(value: unknown, field: Field, path: string): string | undefined {
  if (typeof field === 'string') {
    const optional = field.startsWith('?');
    if (optional && value === undefined) return undefined;
    const type = optional ? field.slice(1) : field;
    return typeof value === type && (type !== 'number' || Number.isFinite(value)) ? undefined : `${path || 'the report'}: expected ${type}`;
  }
  if ('optional' in field && Object.keys(field).length === 1) return value === undefined ? undefined : mismatch(value, field.optional as Field, path);
  if (Array.isArray(field)) {
    if (!Array.isArray(value)) return `${path}: expected a list`;
    for (const [index, item] of value.entries()) {
      const found = mismatch(item, field[0] as Field, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path || 'the report'}: expected an object`;
  for (const [key, inner] of Object.entries(field as Shape)) {
    const found = mismatch((value as Record<string, unknown>)[key], inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** Reads the JSON text the CLI printed; throws a StatusReportError that says what was wrong. */
export function parseStatusReport(text: string): StatusReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StatusReportError('`flywheel status --format json` printed something that is not JSON', { cause: error });
  }
  const wrong = mismatch(json, REPORT, '');
  if (wrong) throw new StatusReportError(`\`flywheel status --format json\` printed an unexpected shape: ${wrong}`);
  return json as StatusReport;
}

/** The status report could not be read. */
export class StatusReportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StatusReportError';
  }
}
