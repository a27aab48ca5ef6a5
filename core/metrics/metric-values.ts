import { text, type LocalizedText } from '../diagnostics';
import { formatMetricValue } from '../format/index';
import type { MetricInfo } from './builtins';

/*
 * What a metric value may be, wherever it comes from (CSV, the ingest endpoint, a pull). The
 * store is DynamoDB: a number goes in as the shortest decimal that reads back as the same double,
 * and the SDK refuses integers beyond 2^53 - 1 (they would come back changed); DynamoDB itself
 * refuses a nonzero magnitude below 1e-130. So a value is stored exactly as written when it is
 * finite, at most 9,007,199,254,740,991 in magnitude, zero or at least 1e-130 in magnitude, and
 * the decimal written is the one the store keeps (no more digits than a double holds).
 */

/** The largest magnitude stored exactly: integers beyond it come back changed. */
export const MAX_STORED_MAGNITUDE = Number.MAX_SAFE_INTEGER;
/** The smallest nonzero magnitude DynamoDB stores. */
export const MIN_STORED_MAGNITUDE = 1e-130;
/** Orders of magnitude of the two limits: 9.007e15 and 1e-130. */
const MAX_ORDER = 15;
const MIN_ORDER = -130;

/** A decimal as significant digits (no leading or trailing zeros; empty for zero) times a power of ten. */
interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?%?$/;

/** Reads a decimal text exactly (no rounding), or undefined when it is not one. */
function readDecimal(written: string): Decimal | undefined {
  const match = DECIMAL.exec(written);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return undefined;
  // An exponent of more digits than this is out of range either way; Number() of it would be Infinity.
  const exponent = exponentText === undefined ? 0 : exponentText.replace(/^[+-]?0*/, '').length > 6 ? (exponentText.startsWith('-') ? -1e7 : 1e7) : Number(exponentText);
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let power = exponent - fraction.length;
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  power += trailing;
  return { negative: sign === '-', digits, exponent: digits === '' ? 0 : power };
}

/** The order of magnitude of a nonzero decimal: 3 for 1234, -2 for 0.05. */
function orderOf(decimal: Decimal): number {
  return decimal.exponent + decimal.digits.length - 1;
}

/** A value read from a cell, or what is wrong with it. */
export type ValueReading = { readonly value: number } | { readonly problem: LocalizedText };

/**
 * Reads a metric value as written in a file: a decimal (`1200`, `-3`, `0.035`, `1.2e4`) or a
 * percentage (`3.5%`, read as the ratio 0.035 without rounding), stored exactly as written or
 * refused with the reason.
 */
export function readMetricValue(written: string): ValueReading {
  const plain = readPlainNumber(written);
  if (plain !== undefined) return { value: plain };
  const percent = written.endsWith('%');
  const decimal = readDecimal(percent ? written.slice(0, -1).trimEnd() : written);
  if (decimal === undefined) {
    if (GROUPED.test(written)) {
      return { problem: text(`"${written}" has thousands separators: write it without them (${written.replace(/,/g, '')}).`, `“${written}”带有千位分隔符：请去掉逗号（${written.replace(/,/g, '')}）。`) };
    }
    return { problem: text(`"${written}" is not a number: write it as 1200, 0.035 or 3.5%.`, `“${written}”不是数字：请写成 1200、0.035 或 3.5% 这样的数字。`) };
  }
  const shifted = percent && decimal.digits !== '' ? { ...decimal, exponent: decimal.exponent - 2 } : decimal;
  if (shifted.digits === '') return { value: 0 };
  const order = orderOf(shifted);
  if (order > MAX_ORDER) return { problem: tooLarge(written) };
  if (order < MIN_ORDER) return { problem: tooSmall(written) };
  const value = Number(`${shifted.negative ? '-' : ''}${shifted.digits}e${shifted.exponent}`);
  const problem = checkStoredValue(value);
  if (problem) return { problem: problem === 'large' ? tooLarge(written) : tooSmall(written) };
  const stored = readDecimal(String(Math.abs(value)));
  if (stored?.digits !== shifted.digits || stored.exponent !== shifted.exponent) {
    return {
      problem: text(
        `"${written}" has more significant digits than the store keeps exactly: it would be stored as ${String(value)}. Round it (15 significant digits are always kept).`,
        `“${written}”的有效数字超出存储可精确保存的位数：会被存成 ${String(value)}。请四舍五入（15 位有效数字总能精确保存）。`,
      ),
    };
  }
  return { value };
}

/**
 * The common case of a metrics file (a million-row export is mostly counts like 1200) without the
 * exact decimal arithmetic: a plain decimal (`-12`, `3.25`) of at most 15 characters has at most 15
 * significant digits, which a double always keeps, and lies within the store's range. Undefined
 * for anything else, which readMetricValue then reads the long way.
 */
export function readPlainNumber(written: string): number | undefined {
  const length = written.length;
  if (length === 0 || length > 15) return undefined;
  let at = written.charCodeAt(0) === 45 ? 1 : 0;
  let digitsBefore = 0;
  let digitsAfter = 0;
  let point = false;
  for (; at < length; at += 1) {
    const code = written.charCodeAt(at);
    if (code >= 48 && code <= 57) {
      if (point) digitsAfter += 1;
      else digitsBefore += 1;
    } else if (code === 46 && !point) {
      point = true;
    } else {
      return undefined;
    }
  }
  if (digitsBefore === 0 || (point && digitsAfter === 0)) return undefined;
  // + 0 turns -0 into 0: the store keeps no sign on zero.
  return Number(written) + 0;
}

/** Whether a number, however it arrived (a JSON body, a pull), is stored exactly: undefined when it is, else which limit it breaks. */
export function checkStoredValue(value: number): 'large' | 'small' | 'not-finite' | undefined {
  if (!Number.isFinite(value)) return 'not-finite';
  const magnitude = Math.abs(value);
  if (magnitude > MAX_STORED_MAGNITUDE) return 'large';
  if (magnitude !== 0 && magnitude < MIN_STORED_MAGNITUDE) return 'small';
  return undefined;
}

/** What is wrong with a number the store cannot hold exactly, for a value that arrived as a number (JSON). */
export function describeUnstoredValue(value: number): LocalizedText | undefined {
  const problem = checkStoredValue(value);
  if (problem === undefined) return undefined;
  if (problem === 'not-finite') return text(`${String(value)} is not a finite number.`, `${String(value)} 不是有限的数字。`);
  return problem === 'large' ? tooLarge(String(value)) : tooSmall(String(value));
}

function tooLarge(written: string): LocalizedText {
  const limit = formatMetricValue(MAX_STORED_MAGNITUDE, 'count');
  return text(
    `${written} is larger than the store holds exactly (at most ${limit} either side of zero).`,
    `${written} 超出存储可精确保存的范围（绝对值最大 ${limit}）。`,
  );
}

function tooSmall(written: string): LocalizedText {
  return text(
    `${written} is closer to zero than the store can hold (a value other than 0 needs a magnitude of at least 1e-130).`,
    `${written} 太接近 0，存储无法保存（非零值的绝对值至少为 1e-130）。`,
  );
}

/**
 * Whether a value makes sense for its metric (spec: "within the metric's sense"): a count is a
 * whole number, never negative unless the metric is a net change (follower_gain); a ratio lies
 * between 0 and 1; seconds are never negative. Percent and currency values may be anything.
 */
export function checkValueSense(value: number, metric: MetricInfo, written: string): LocalizedText | undefined {
  if (metric.unit === 'count') {
    if (!Number.isInteger(value)) return text(`${metric.id} is a count: ${written} must be a whole number.`, `${metric.id} 是计数：${written} 必须是整数。`);
    if (value < 0 && metric.signed !== true) return text(`${metric.id} is a count: ${written} must not be negative.`, `${metric.id} 是计数：${written} 不能为负数。`);
  }
  if (metric.unit === 'ratio' && (value < 0 || value > 1)) {
    return text(
      `${metric.id} is a ratio between 0 and 1: ${written} is outside it. Write a percentage with its sign (3.5%) or the fraction (0.035).`,
      `${metric.id} 是 0 到 1 之间的比率：${written} 超出范围。请写成带百分号的百分数（3.5%）或小数（0.035）。`,
    );
  }
  if (metric.unit === 'seconds' && value < 0) return text(`${metric.id} is a duration: ${written} must not be negative.`, `${metric.id} 是时长：${written} 不能为负数。`);
  return undefined;
}

/** The longest dimension value (channel, campaign, post, variant, content_type) a point may carry. */
export const MAX_DIMENSION_LENGTH = 256;
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a dimension value, if anything: too long, spaces around it, a control character, or broken text. */
export function checkDimensionValue(dimension: string, value: string): LocalizedText | undefined {
  if (value.length > MAX_DIMENSION_LENGTH) {
    return text(`The ${dimension} is ${value.length} characters long; at most ${MAX_DIMENSION_LENGTH} are kept.`, `${dimension} 长 ${value.length} 个字符，最多 ${MAX_DIMENSION_LENGTH} 个。`);
  }
  if (value.trim() !== value) {
    // A metrics file trims its cells, so such a value could not be exported and read back the same.
    return text(`The ${dimension} "${value}" has spaces at its start or end.`, `${dimension}“${value}”首尾有空格。`);
  }
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) {
    return text(`The ${dimension} "${value.replace(/[\u0000-\u001f\u007f]/g, '?')}" holds a control character or broken text.`, `${dimension}“${value.replace(/[\u0000-\u001f\u007f]/g, '?')}”含有控制字符或损坏的文本。`);
  }
  return undefined;
}
