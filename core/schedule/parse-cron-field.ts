import type { LocalizedText } from '../diagnostics';
import { expandSequence, type CronFieldSpec } from './cron-field-specs';
import { cronMessages } from './problem-messages';
import type { CronField, CronPart, ScheduleProblem } from './types';

/** A parsed field with the problems found in it (offsets are into the whole expression). */
export interface FieldParse {
  readonly field: CronField;
  readonly problems: readonly ScheduleProblem[];
}

interface Token {
  readonly text: string;
  /** One character per token kind: n number, w name, L, W, V (LW), K (name+L e.g. FRIL), or the symbol itself. */
  readonly shape: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Parses one cron field (see parse-cron.ts for which rules are AWS's and which are decisions).
 * `offset` is where the field starts in the expression, so problems point at the exact token.
 */
export function parseCronField(spec: CronFieldSpec, fieldText: string, offset: number): FieldParse {
  const problems: ScheduleProblem[] = [];
  const report = (severity: 'error' | 'warning', message: LocalizedText, start: number, end: number): void => {
    problems.push({ message, start: offset + start, end: offset + end, severity });
  };
  const isDayField = spec.name === 'dayOfMonth' || spec.name === 'dayOfWeek';
  if (fieldText === '?') {
    if (!isDayField) report('error', cronMessages.questionMarkNotAllowed(spec.label), 0, 1);
    return { field: { text: fieldText, parts: [], values: [] }, problems };
  }

  const items = fieldText.split(',');
  const parts: CronPart[] = [];
  let itemStart = 0;
  for (const item of items) {
    if (item === '') {
      const commaAt = itemStart < fieldText.length ? itemStart : itemStart - 1;
      report('error', cronMessages.emptyItem, commaAt, commaAt + 1);
    } else {
      const part = parseItem(spec, tokenize(spec, item, itemStart), report);
      if (part) parts.push(part);
    }
    itemStart += item.length + 1;
  }

  if (items.length > 1) checkListCombinations(spec, items, report, fieldText.length);
  if (spec.name === 'dayOfWeek' && fieldText.includes('/')) {
    report('warning', cronMessages.slashInDayOfWeek, fieldText.indexOf('/'), fieldText.indexOf('/') + 1);
  }
  return { field: { text: fieldText, parts, values: collectValues(spec, parts) }, problems };
}

type Report = (severity: 'error' | 'warning', message: LocalizedText, start: number, end: number) => void;

// Quartz, which AWS cron follows, rejects '#' and 'L' alongside other items; AWS documents only the '#' rule.
function checkListCombinations(spec: CronFieldSpec, items: readonly string[], report: Report, fieldLength: number): void {
  const upper = items.map((item) => item.toUpperCase());
  if (spec.name === 'dayOfWeek' && upper.some((item) => item.includes('#'))) {
    report('error', cronMessages.hashWithList, 0, fieldLength);
  } else if (spec.name === 'dayOfMonth' && upper.some((item) => item.endsWith('W'))) {
    report('warning', cronMessages.weekdayInList, 0, fieldLength);
  } else if (
    (spec.name === 'dayOfMonth' && upper.some((item) => item.startsWith('L')))
    || (spec.name === 'dayOfWeek' && upper.some((item) => item.endsWith('L')))
  ) {
    report('warning', cronMessages.lastInList, 0, fieldLength);
  }
}

function tokenize(spec: CronFieldSpec, item: string, itemStart: number): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < item.length) {
    const char = item[index] ?? '';
    let end = index + 1;
    let shape = char;
    if (/[0-9]/.test(char)) {
      while (/[0-9]/.test(item[end] ?? '')) end += 1;
      shape = 'n';
    } else if (/[A-Za-z]/.test(char)) {
      while (/[A-Za-z]/.test(item[end] ?? '')) end += 1;
      shape = classifyWord(spec, item.slice(index, end).toUpperCase());
    } else if (!'*-/#?'.includes(char)) {
      shape = 'x';
    }
    tokens.push({ text: item.slice(index, end), shape, start: itemStart + index, end: itemStart + end });
    index = end;
  }
  return tokens;
}

function classifyWord(spec: CronFieldSpec, upper: string): string {
  if (upper === 'L' || upper === 'W') return upper;
  if (upper === 'LW') return 'V';
  if (spec.name === 'dayOfWeek' && upper.length === 4 && upper.endsWith('L') && spec.names?.includes(upper.slice(0, 3))) {
    return 'K';
  }
  return 'w';
}

function parseItem(spec: CronFieldSpec, tokens: Token[], report: Report): CronPart | null {
  const shape = tokens.map((token) => token.shape).join('');
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return null;
  const at = (index: number): Token => tokens[index] ?? first;
  for (const token of tokens) {
    const upper = token.text.toUpperCase();
    const known = token.shape !== 'w' || spec.names?.includes(upper);
    if (known && /[a-z]/.test(token.text)) report('warning', cronMessages.nameCase(token.text), token.start, token.end);
  }

  if (spec.name === 'dayOfMonth') {
    if (shape === 'L' || shape === 'V') return { kind: 'last-day', offset: 0, weekday: shape === 'V' };
    const lastOffset = /^L-n(W?)$/.exec(shape);
    if (lastOffset) {
      report('warning', cronMessages.lastOffset, first.start, last.end);
      const daysBefore = readNumber(spec, at(2), report, 0, 30);
      return daysBefore === null ? null : { kind: 'last-day', offset: daysBefore, weekday: lastOffset[1] === 'W' };
    }
    if (shape === 'nW') {
      const day = readNumber(spec, first, report);
      return day === null ? null : { kind: 'nearest-weekday', day };
    }
  }
  if (spec.name === 'dayOfWeek') {
    if (shape === 'L') return { kind: 'value', value: 7 };
    if (shape === 'nL' || shape === 'K') {
      const weekday = readBase(spec, first, report);
      return weekday === null ? null : { kind: 'last-weekday-of-month', weekday };
    }
    if (/^[nw]#n$/.test(shape)) {
      const weekday = readBase(spec, first, report);
      const nth = readNumber(spec, at(2), report, 0, Number.MAX_SAFE_INTEGER);
      if (nth !== null && (nth < 1 || nth > 5)) report('warning', cronMessages.nthOutOfRange(nth), at(2).start, at(2).end);
      return weekday === null || nth === null ? null : { kind: 'nth-weekday', weekday, nth };
    }
  }

  const plain = parsePlainItem(spec, shape, tokens, report);
  if (plain !== undefined) return plain;
  reportUnreadable(spec, tokens, report);
  return null;
}

/** Parses `*`, `*\/n`, `b`, `b-b`, `b/n` and `b-b/n`; undefined when the item has another shape. */
function parsePlainItem(spec: CronFieldSpec, shape: string, tokens: Token[], report: Report): CronPart | null | undefined {
  const first = tokens[0];
  if (!first) return undefined;
  const at = (index: number): Token => tokens[index] ?? first;
  if (shape === '*') return { kind: 'all' };
  if (shape === '*/n') {
    const step = readStep(spec, at(2), report);
    return step === null ? null : { kind: 'step', from: spec.min, to: null, step };
  }
  const match = /^[nw](-[nw])?(\/n)?$/.exec(shape);
  if (!match) return undefined;
  const from = readBase(spec, first, report);
  const to = match[1] ? readBase(spec, at(2), report) : null;
  const step = match[2] ? readStep(spec, at(tokens.length - 1), report) : null;
  if (from === null || (match[1] && to === null) || (match[2] && step === null)) return null;
  if (spec.name === 'year' && to !== null && to < from) {
    report('warning', cronMessages.yearBackwards(from, to), first.start, at(2).end);
  }
  if (step !== null) return { kind: 'step', from, to, step };
  if (to !== null) return { kind: 'range', from, to };
  return { kind: 'value', value: from };
}

function reportUnreadable(spec: CronFieldSpec, tokens: Token[], report: Report): void {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return;
  const isDay = spec.name === 'dayOfMonth' || spec.name === 'dayOfWeek';
  const find = (shapes: string): Token | undefined => tokens.find((token) => shapes.includes(token.shape));
  const misplacedLast = spec.name === 'dayOfMonth' || spec.name === 'dayOfWeek' ? undefined : find('LVK');
  const misplacedW = spec.name === 'dayOfMonth' ? undefined : find('WV');
  const misplacedHash = spec.name === 'dayOfWeek' ? undefined : find('#');
  const question = find('?');
  if (misplacedLast) report('error', cronMessages.lastNotAllowed, misplacedLast.start, misplacedLast.end);
  else if (misplacedW) report('error', cronMessages.weekdayNotAllowed, misplacedW.start, misplacedW.end);
  else if (misplacedHash) report('error', cronMessages.hashNotAllowed, misplacedHash.start, misplacedHash.end);
  else if (question && !isDay) report('error', cronMessages.questionMarkNotAllowed(spec.label), question.start, question.end);
  else if (spec.name === 'dayOfMonth' && find('W')) report('error', cronMessages.weekdayNeedsOneDay, first.start, last.end);
  else {
    const itemText = tokens.map((token) => token.text).join('');
    report('error', cronMessages.unreadable(spec.label, itemText, spec.example), first.start, last.end);
  }
}

/** Reads a number or a three-letter name, checking it against the field's range. */
function readBase(spec: CronFieldSpec, token: Token, report: Report): number | null {
  if (token.shape === 'n') return readNumber(spec, token, report);
  const upper = token.text.toUpperCase().slice(0, token.shape === 'K' ? 3 : undefined);
  if (!spec.names) {
    report('error', cronMessages.namesNotAllowed(spec.label, spec.min, spec.max), token.start, token.end);
    return null;
  }
  const index = spec.names.indexOf(upper);
  if (index < 0) {
    report('error', cronMessages.unknownName(spec.label, token.text, spec.names), token.start, token.end);
    return null;
  }
  return index + 1;
}

function readNumber(spec: CronFieldSpec, token: Token, report: Report, min = spec.min, max = spec.max): number | null {
  const value = Number(token.text);
  if (spec.name === 'dayOfWeek' && value === 0 && min === spec.min) {
    report('error', cronMessages.weekdayZero, token.start, token.end);
    return null;
  }
  if (value < min || value > max) {
    report('error', cronMessages.outOfRange(spec.label, value, min, max), token.start, token.end);
    return null;
  }
  return value;
}

// Quartz caps steps at 59/23/31/12/7; AWS is observed to reject `*/60` (aws-sdk-js#4212), the rest is unconfirmed.
function readStep(spec: CronFieldSpec, token: Token, report: Report): number | null {
  const step = Number(token.text);
  if (step < 1) {
    report('error', cronMessages.stepZero, token.start, token.end);
    return null;
  }
  if (spec.name === 'minutes' && step > spec.max) {
    report('error', cronMessages.minuteStepTooLarge(step), token.start, token.end);
    return null;
  }
  if (spec.name !== 'year' && step > spec.max) report('warning', cronMessages.stepBeyondField(spec.label, step), token.start, token.end);
  return step;
}

function collectValues(spec: CronFieldSpec, parts: readonly CronPart[]): number[] {
  const selected = new Set<number>();
  for (const part of parts) {
    if (part.kind === 'all') expandSequence(spec, spec.min, spec.max, 1).forEach((value) => selected.add(value));
    else if (part.kind === 'value') selected.add(part.value);
    else if (part.kind === 'range') expandSequence(spec, part.from, part.to, 1).forEach((value) => selected.add(value));
    else if (part.kind === 'step') {
      expandSequence(spec, part.from, part.to ?? spec.max, part.step).forEach((value) => selected.add(value));
    }
  }
  return [...selected].sort((left, right) => left - right);
}
