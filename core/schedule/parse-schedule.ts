/*
 * The outer shape `keyword(inner)`. Sourced: AWS rejects " rate(10 minutes)" with a leading space
 * (localstack test_scheduler.snapshot.json, recorded against AWS); the documented keywords are the
 * lower-case cron, rate and at. Decision: an upper-case keyword (CRON(...)) is a warning, since no
 * source says whether AWS takes it; the rest of the expression is still checked.
 */
import { parseAt } from './parse-at';
import { parseCron, suggestCron } from './parse-cron';
import { parseRate } from './parse-rate';
import { expressionMessages } from './problem-messages';
import type { ParseResult, Schedule, ScheduleProblem } from './types';

const CRON_FIELDS_WITHOUT_WRAPPER = /^[0-9A-Za-z*?,\-/#]+([ \t]+[0-9A-Za-z*?,\-/#]+){4,6}$/;

/** Parses an EventBridge Scheduler expression (cron, rate or at), checking it exactly as AWS does. */
export function parseSchedule(expression: string): ParseResult {
  const problems: ScheduleProblem[] = [];
  const error = (message: ScheduleProblem['message'], start: number, end: number): ParseResult => {
    problems.push({ message, start, end, severity: 'error' });
    return { ok: false, problems };
  };
  if (expression.trim() === '') return error(expressionMessages.empty, 0, expression.length);

  const bodyStart = expression.length - expression.trimStart().length;
  const bodyEnd = expression.trimEnd().length;
  if (bodyStart > 0) problems.push({ message: expressionMessages.surroundingSpace, start: 0, end: bodyStart, severity: 'error' });
  if (bodyEnd < expression.length) {
    problems.push({ message: expressionMessages.surroundingSpace, start: bodyEnd, end: expression.length, severity: 'error' });
  }
  const body = expression.slice(bodyStart, bodyEnd);
  const open = body.indexOf('(');
  if (open < 0) {
    const suggestion = CRON_FIELDS_WITHOUT_WRAPPER.test(body) ? suggestCron(body.split(/[ \t]+/)) : undefined;
    problems.push({
      message: expressionMessages.notWrapped(suggestion ?? 'rate(15 minutes)'), start: bodyStart, end: bodyEnd, severity: 'error',
      ...(suggestion ? { fixes: [{ title: expressionMessages.changeTo(suggestion), expression: suggestion }] } : {}),
    });
    return { ok: false, problems };
  }

  const keyword = body.slice(0, open);
  const type = keyword.toLowerCase();
  if (type !== 'cron' && type !== 'rate' && type !== 'at') {
    return error(expressionMessages.unknownType(keyword), bodyStart, bodyStart + Math.max(open, 1));
  }
  if (keyword !== type) {
    problems.push({ message: expressionMessages.keywordCase(keyword), start: bodyStart, end: bodyStart + open, severity: 'warning' });
  }
  const close = body.lastIndexOf(')');
  if (close < open) return error(expressionMessages.missingCloseParen, bodyEnd - 1, bodyEnd);
  if (close < body.length - 1) {
    problems.push({ message: expressionMessages.textAfterParen, start: bodyStart + close + 1, end: bodyEnd, severity: 'error' });
  }

  const innerStart = bodyStart + open + 1;
  const innerEnd = bodyStart + close;
  const parsed = type === 'cron' ? parseCron(expression, innerStart, innerEnd)
    : type === 'rate' ? parseRate(expression, innerStart, innerEnd)
      : parseAt(expression, innerStart, innerEnd);
  problems.push(...parsed.problems);
  problems.sort((left, right) => left.start - right.start || left.end - right.end);
  const fixed = offerTidyFix(expression, problems);
  const schedule: Schedule | null = parsed.schedule;
  if (!schedule || fixed.some((problem) => problem.severity === 'error')) return { ok: false, problems: fixed };
  return { ok: true, schedule, problems: fixed };
}

/**
 * The expression as AWS documents it, keeping its meaning: no spaces around it or inside the
 * parentheses, a lower-case keyword, single spaces between fields, upper-case names, `T` in at().
 */
function tidyExpression(expression: string): string | undefined {
  const match = /^([A-Za-z]+)\((.*)\)$/s.exec(expression.trim());
  const type = match?.[1]?.toLowerCase();
  const inner = match?.[2]?.trim() ?? '';
  if (type === 'cron') return `cron(${inner.split(/[ \t]+/).map((field) => field.toUpperCase()).join(' ')})`;
  if (type === 'rate') return `rate(${inner.split(/\s+/).join(' ')})`;
  if (type === 'at') return `at(${inner.toUpperCase()})`;
  return undefined;
}

/** Offers the tidy expression as the fix of each problem it removes (and that has no fix yet). */
function offerTidyFix(expression: string, problems: readonly ScheduleProblem[]): ScheduleProblem[] {
  if (problems.every((problem) => problem.fixes)) return [...problems];
  const tidy = tidyExpression(expression);
  if (tidy === undefined || tidy === expression) return [...problems];
  const remaining = new Set(parseSchedule(tidy).problems.map((problem) => problem.message.en));
  const fix = { title: expressionMessages.changeTo(tidy), expression: tidy };
  return problems.map((problem) => (problem.fixes || remaining.has(problem.message.en) ? problem : { ...problem, fixes: [fix] }));
}
