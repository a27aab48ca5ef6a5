import { text, type LocalizedText } from '../diagnostics';
import type { CronFieldName } from './types';
import { WEEKDAY_NAMES } from './weekdays';

/** What a cron field accepts, from AWS's field table (see the top of parse-cron.ts). */
export interface CronFieldSpec {
  readonly name: CronFieldName;
  readonly label: LocalizedText;
  readonly min: number;
  readonly max: number;
  /** Three-letter names mapped to values, upper case. */
  readonly names: readonly string[] | null;
  /** An example of a valid value for this field, used in messages. */
  readonly example: string;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The six fields in expression order. */
export const CRON_FIELD_SPECS: readonly CronFieldSpec[] = [
  { name: 'minutes', label: text('minutes', '分钟'), min: 0, max: 59, names: null, example: '0/15' },
  { name: 'hours', label: text('hours', '小时'), min: 0, max: 23, names: null, example: '9-17' },
  { name: 'dayOfMonth', label: text('day-of-month', '日'), min: 1, max: 31, names: null, example: '1' },
  { name: 'month', label: text('month', '月'), min: 1, max: 12, names: MONTH_NAMES, example: 'JAN-MAR' },
  { name: 'dayOfWeek', label: text('day-of-week', '星期'), min: 1, max: 7, names: WEEKDAY_NAMES, example: 'MON-FRI' },
  { name: 'year', label: text('year', '年'), min: 1970, max: 2199, names: null, example: '*' },
];

/** Looks up the spec of a field by name. */
export function getFieldSpec(name: CronFieldName): CronFieldSpec {
  const spec = CRON_FIELD_SPECS.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`no cron field named ${name}`);
  return spec;
}

/**
 * Expands a range or step into the values it selects. A range that ends below its start wraps
 * around the field's cycle (hours `20-2` = 20…23, 0…2, as AWS's own example uses); years do not
 * cycle, so a backwards year range selects nothing.
 */
export function expandSequence(spec: CronFieldSpec, from: number, to: number, step: number): number[] {
  const cycle = spec.max - spec.min + 1;
  const wraps = to < from && spec.name !== 'year';
  const end = wraps ? to + cycle : to;
  const values: number[] = [];
  for (let position = from; position <= end; position += step) {
    values.push(position > spec.max ? position - cycle : position);
  }
  return values;
}
