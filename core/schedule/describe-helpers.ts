import { getFieldSpec } from './cron-field-specs';
import type { CronField, CronFieldName, CronPart } from './types';

/** The broad shape of a plain cron field, which decides how it is phrased. */
export type FieldShape =
  | { readonly kind: 'any' }
  | { readonly kind: 'values'; readonly values: readonly number[] }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'step'; readonly from: number; readonly to: number | null; readonly step: number }
  | { readonly kind: 'mixed'; readonly parts: readonly CronPart[] };

/** Words one language needs to phrase lists, ranges and steps of a field. */
export interface PartWords {
  readonly through: (from: string, to: string) => string;
  readonly every: (step: number, from: string, to: string | null) => string;
  readonly join: (items: readonly string[]) => string;
}

/** Classifies a field: every value, explicit values, one range, one step, or a mix of parts. */
export function classifyField(name: CronFieldName, field: CronField): FieldShape {
  const spec = getFieldSpec(name);
  const plain = field.parts.every((part) => ['all', 'value', 'range', 'step'].includes(part.kind));
  if (plain && field.values.length === spec.max - spec.min + 1) return { kind: 'any' };
  const [only] = field.parts;
  if (field.parts.length === 1 && only?.kind === 'range') return { kind: 'range', from: only.from, to: only.to };
  if (field.parts.length === 1 && only?.kind === 'step') return { kind: 'step', from: only.from, to: only.to, step: only.step };
  if (field.parts.every((part) => part.kind === 'value')) return { kind: 'values', values: field.values };
  return { kind: 'mixed', parts: field.parts };
}

/** Phrases the plain parts of a field (values, ranges, steps) with a value formatter. */
export function phraseParts(parts: readonly CronPart[], format: (value: number) => string, words: PartWords): string {
  const phrases = parts.flatMap((part): string[] => {
    if (part.kind === 'value') return [format(part.value)];
    if (part.kind === 'range') return [words.through(format(part.from), format(part.to))];
    if (part.kind === 'step') return [words.every(part.step, format(part.from), part.to === null ? null : format(part.to))];
    return [];
  });
  return words.join(phrases);
}

/** Formats an hour and minute as HH:MM. */
export function formatClock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Lists every time of day an explicit-values schedule runs, or null if there are more than `max`. */
export function listClockTimes(minutes: FieldShape, hours: FieldShape, max: number): string[] | null {
  if (minutes.kind !== 'values' || hours.kind !== 'values') return null;
  if (minutes.values.length * hours.values.length > max) return null;
  return hours.values.flatMap((hour) => minutes.values.map((minute) => formatClock(hour, minute)));
}

/** The last value a step reaches, for "between" phrases. */
export function getStepEnd(name: CronFieldName, to: number | null): number {
  return to ?? getFieldSpec(name).max;
}

/** Weekday steps (MON/2) read better as the days they select: the plain parts as single values when a step is among them. */
export function listStepDays(field: CronField, plainParts: readonly CronPart[]): readonly CronPart[] {
  if (!plainParts.some((part) => part.kind === 'step')) return plainParts;
  return field.values.map((value): CronPart => ({ kind: 'value', value }));
}
