import type * as z from 'zod';
import { displayValue, text, type LocalizedText } from '../diagnostics';
import { suggestClosest } from '../suggest';
import type { PathSegment } from './yaml-document';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export interface SchemaProblem {
  path: PathSegment[];
  part: 'key' | 'value';
  code: string;
  message: LocalizedText;
  /** A replacement for the value or key at `path`, when one is obvious (did-you-mean). */
  replacement?: string;
}

/** Format message ids set in core/schema/values.ts → diagnostic code and bilingual explanation. */
const FORMATS: Record<string, { code: string; en: string; zh: string }> = {
  'flywheel:id': { code: 'flywheel/invalid-id', en: 'Ids use lowercase letters, digits and hyphens (1-63 characters, no leading or trailing hyphen), e.g. spring-festival-2027.', zh: 'ID 只能使用小写字母、数字和连字符 (1-63 个字符, 不能以连字符开头或结尾), 例如 spring-festival-2027。' },
  'flywheel:metric-id': { code: 'flywheel/invalid-id', en: 'Metric ids are snake_case: a lowercase letter, then lowercase letters, digits or _, e.g. repurchase_rate.', zh: '指标 ID 使用 snake_case: 以小写字母开头, 后接小写字母、数字或 _, 例如 repurchase_rate。' },
  'flywheel:date': { code: 'flywheel/date', en: 'Write a date as YYYY-MM-DD, e.g. 2026-12-01.', zh: '日期格式为 YYYY-MM-DD, 例如 2026-12-01。' },
  'flywheel:local-time': { code: 'flywheel/local-time', en: 'Write a local time as YYYY-MM-DD HH:mm, e.g. 2026-09-10 20:00.', zh: '本地时间格式为 YYYY-MM-DD HH:mm, 例如 2026-09-10 20:00。' },
  'flywheel:duration': { code: 'flywheel/duration', en: 'Write a duration as a whole number and m, h, d or w, e.g. 30m, 2h, 7d, 4w.', zh: '时长格式为整数加 m、h、d 或 w, 例如 30m、2h、7d、4w。' },
  'flywheel:schedule': { code: 'flywheel/schedule', en: 'Write an EventBridge Scheduler expression: cron(0 10 ? * MON *), rate(15 minutes) or at(2026-09-10T20:00:00).', zh: '请使用 EventBridge Scheduler 表达式: cron(0 10 ? * MON *)、rate(15 minutes) 或 at(2026-09-10T20:00:00)。' },
  'flywheel:condition': { code: 'flywheel/condition', en: 'Write a condition as an operator and a number: ">= 0.05", "< 3%", "> 1000" (operators > >= < <= == !=).', zh: '条件格式为运算符加数值: ">= 0.05"、"< 3%"、"> 1000" (运算符 > >= < <= == !=)。' },
  'flywheel:secret-ref': { code: 'flywheel/inline-secret', en: 'Credentials must not be written inline: store the value in AWS Secrets Manager and write secret:NAME (locally the env var FLYWHEEL_SECRET_<NAME>), or env:VAR.', zh: '不能直接写入凭据: 请将其存入 AWS Secrets Manager 并写 secret:名称 (本地为环境变量 FLYWHEEL_SECRET_<名称>), 或写 env:变量名。' },
  'flywheel:timezone': { code: 'flywheel/timezone', en: 'Write an IANA time zone name, e.g. Asia/Shanghai.', zh: '请填写 IANA 时区名, 例如 Asia/Shanghai。' },
  'flywheel:percent': { code: 'flywheel/invalid-value', en: 'Write a percentage such as 10%, or a ratio between 0 and 1.', zh: '请填写百分比 (例如 10%) 或 0 到 1 之间的比例。' },
  'flywheel:clock-time': { code: 'flywheel/invalid-value', en: 'Write a time of day as HH:mm, e.g. 00:05.', zh: '一天中的时间格式为 HH:mm, 例如 00:05。' },
  'flywheel:file-path': { code: 'flywheel/invalid-value', en: 'Give a file path relative to this playbook file.', zh: '请填写相对于本剧本文件的文件路径。' },
};

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['text', '文本'], number: ['a number', '数字'], boolean: ['true or false', 'true 或 false'],
  object: ['a mapping (key: value)', '映射 (键: 值)'], array: ['a list', '列表'], null: ['nothing (null)', '空值 (null)'],
  undefined: ['nothing', '空'], int: ['a whole number', '整数'],
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeName(type: string, lang: 0 | 1): string {
  return TYPE_NAMES[type]?.[lang] ?? type;
}

/** Formats a path the way a user reads it: spec.posts[2].title. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out === '' ? '(document)' : out;
}

/** Unwraps optional/nullable/default/pipe wrappers to the schema that holds the shape. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let guard = 0; guard < 10; guard += 1) {
    const def = current._zod.def as unknown as { type: string; innerType?: AnySchema; in?: AnySchema };
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/** The object keys a schema accepts at a path, for "unknown field" suggestions. */
function allowedKeysAt(root: AnySchema, path: readonly PathSegment[]): string[] {
  let candidates: AnySchema[] = [root];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const candidate of candidates) {
      const schema = unwrap(candidate);
      const def = schema._zod.def as unknown as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; options?: AnySchema[]; valueType?: AnySchema };
      const expand = (inner: AnySchema) => {
        const innerDef = unwrap(inner)._zod.def as unknown as typeof def;
        if (typeof segment === 'number' && innerDef.type === 'array' && innerDef.element) next.push(innerDef.element);
        else if (typeof segment === 'string' && innerDef.type === 'object' && innerDef.shape?.[segment]) next.push(innerDef.shape[segment]);
        else if (typeof segment === 'string' && innerDef.type === 'record' && innerDef.valueType) next.push(innerDef.valueType);
      };
      if (def.type === 'union' && def.options) def.options.forEach(expand);
      else expand(schema);
    }
    candidates = next;
  }
  const keys = new Set<string>();
  for (const candidate of candidates) {
    const schema = unwrap(candidate);
    const def = schema._zod.def as unknown as { type: string; shape?: Record<string, AnySchema>; options?: AnySchema[] };
    const collect = (inner: AnySchema) => {
      const innerDef = unwrap(inner)._zod.def as unknown as typeof def;
      if (innerDef.type === 'object' && innerDef.shape) Object.keys(innerDef.shape).forEach((key) => keys.add(key));
    };
    if (def.type === 'union' && def.options) def.options.forEach(collect);
    else collect(schema);
  }
  return [...keys];
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Picks the union branch the user evidently meant: the one whose type matched the input. */
function bestUnionBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  const branches = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (branches.length === 0) return undefined;
  return branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
}

/** Converts one zod issue (with `data` being the parsed document) into problems with source paths. */
function convertIssue(issue: Issue, root: AnySchema, data: unknown, base: PathSegment[], prefix: PathSegment[]): SchemaProblem[] {
  const rel = [...prefix, ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))];
  const path = [...base, ...rel];
  const where = formatPath(path.slice(0, issue.code === 'unrecognized_keys' ? path.length : -1));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(root, rel);
      // A field already written is no guess: renaming to it would make a duplicate key.
      const present = valueAt(data, rel);
      const unused = allowed.filter((name) => present === null || typeof present !== 'object' || !(name in present));
      return issue.keys.map((key) => {
        const guess = suggestClosest(key, unused);
        const list = allowed.join(', ');
        return {
          path: [...path, key], part: 'key' as const, code: 'flywheel/unknown-field',
          message: text(
            `Unknown field "${key}" in ${where}.${guess ? ` Did you mean "${guess}"?` : ''} Allowed: ${list}.`,
            `${where} 中没有字段 "${key}"。${guess ? `是否应为 "${guess}"? ` : ''}允许的字段: ${list}。`,
          ),
          ...(guess ? { replacement: guess } : {}),
        };
      });
    }
    case 'invalid_type': {
      const actual = valueAt(data, rel);
      const key = path[path.length - 1];
      if (actual === undefined) {
        return [{ path, part: 'key', code: 'flywheel/missing-field', message: text(
          `Missing required field "${displayValue(key)}" in ${where}. Add it.`,
          `${where} 缺少必填字段 "${displayValue(key)}"。请补充。`,
        ) }];
      }
      const expected = issue.expected;
      const found = typeOf(actual);
      const label = typeof key === 'number' ? formatPath(path.slice(-2)) : displayValue(key);
      const quoteHint = expected === 'string' && (found === 'number' || found === 'boolean');
      return [{ path, part: 'value', code: 'flywheel/invalid-value', message: text(
        `Expected ${typeName(expected, 0)} for "${label}", found ${typeName(found, 0)}.${quoteHint ? ` Quote it: "${displayValue(actual)}".` : ''}`,
        `"${label}" 应为${typeName(expected, 1)}, 实际为${typeName(found, 1)}。${quoteHint ? `请加引号: "${displayValue(actual)}"。` : ''}`,
      ) }];
    }
    case 'invalid_value': {
      const actual = valueAt(data, rel);
      const options = issue.values.map(String);
      const guess = typeof actual === 'string' ? suggestClosest(actual, options) : undefined;
      const key = String(path[path.length - 1]);
      if (key === 'apiVersion') {
        return [{ path, part: 'value', code: 'flywheel/api-version', replacement: options[0] ?? '', message: text(
          `apiVersion must be ${options[0]}.`, `apiVersion 必须为 ${options[0]}。`) }];
      }
      return [{ path, part: 'value', code: 'flywheel/invalid-value', ...(guess ? { replacement: guess } : {}), message: text(
        `"${displayValue(actual)}" is not a valid ${key}.${guess ? ` Did you mean "${guess}"?` : ''} Use one of: ${options.join(', ')}.`,
        `"${displayValue(actual)}" 不是有效的 ${key}。${guess ? `是否应为 "${guess}"? ` : ''}可选值: ${options.join(', ')}。`,
      ) }];
    }
    case 'invalid_format': {
      const format = FORMATS[issue.message];
      const actual = valueAt(data, rel);
      if (format?.code === 'flywheel/schedule' && typeof actual === 'string' && actual.includes('(') && !actual.includes(')')) {
        return [{ path, part: 'value', code: format.code, message: text(
          `"${actual}" is cut short: inside a flow mapping { ... } a comma ends an unquoted value. Quote the whole expression, e.g. schedule: "cron(0 18 ? * TUE,THU *)".`,
          `"${actual}" 被截断了: 在流式映射 { ... } 中, 逗号会结束未加引号的值。请给整个表达式加引号, 例如 schedule: "cron(0 18 ? * TUE,THU *)"。`,
        ) }];
      }
      const fullWidth = typeof actual === 'string' ? /[，、]/.exec(actual)?.[0] : undefined;
      if (format?.code === 'flywheel/invalid-id' && fullWidth !== undefined) {
        return [{ path, part: 'value', code: format.code, message: text(
          `Replace the full-width \`${fullWidth}\` with \`,\`: "${displayValue(actual)}" reads as one id, and only a half-width comma separates the items of [ ].`,
          `请将全角 \`${fullWidth}\` 改为半角逗号 \`,\`："${displayValue(actual)}" 被读成了一个 ID，在 [ ] 中只有半角逗号才能分隔各项。`) }];
      }
      if (format) {
        return [{ path, part: 'value', code: format.code, message: text(
          `"${displayValue(actual)}" is not valid here. ${format.en}`, `"${displayValue(actual)}" 格式不正确。${format.zh}`) }];
      }
      return [{ path, part: 'value', code: 'flywheel/invalid-value', message: text(`"${displayValue(actual)}" has the wrong format.`, `"${displayValue(actual)}" 格式不正确。`) }];
    }
    case 'too_small':
    case 'too_big': {
      const key = String(path[path.length - 1]);
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const format = FORMATS[issue.message];
      if (format) {
        return [{ path, part: 'value', code: format.code, message: text(format.en, format.zh) }];
      }
      if (issue.origin === 'array') {
        return [{ path, part: 'value', code: 'flywheel/invalid-value', message: issue.code === 'too_small'
          ? text(`"${key}" needs at least ${String(limit)} item(s).`, `"${key}" 至少需要 ${String(limit)} 项。`)
          : text(`"${key}" allows at most ${String(limit)} item(s).`, `"${key}" 最多允许 ${String(limit)} 项。`) }];
      }
      return [{ path, part: 'value', code: 'flywheel/invalid-value', message: issue.code === 'too_small'
        ? text(`"${key}" must be at least ${String(limit)}.`, `"${key}" 不能小于 ${String(limit)}。`)
        : text(`"${key}" must be at most ${String(limit)}.`, `"${key}" 不能大于 ${String(limit)}。`) }];
    }
    case 'invalid_union': {
      const branch = bestUnionBranch(issue);
      if (branch) return branch.flatMap((inner) => convertIssue(inner, root, data, base, rel));
      const actual = valueAt(data, rel);
      const key = String(path[path.length - 1]);
      return [{ path, part: 'value', code: 'flywheel/invalid-value', message: text(
        `"${key}" has the wrong kind of value (${typeName(typeOf(actual), 0)}). See the field's description for what it accepts.`,
        `"${key}" 的值类型不正确 (${typeName(typeOf(actual), 1)})。请参阅字段说明。`,
      ) }];
    }
    default:
      return [{ path, part: 'value', code: 'flywheel/invalid-value', message: text(issue.message, issue.message) }];
  }
}

/**
 * Converts zod issues into problems located by path. `base` is the path of `data` inside the
 * document (e.g. ['spec'] when only the spec was parsed).
 */
export function convertSchemaIssues(issues: readonly Issue[], root: AnySchema, data: unknown, base: PathSegment[] = []): SchemaProblem[] {
  return issues.flatMap((issue) => convertIssue(issue, root, data, base, []));
}
