// Renders the playbook language's field tables from the generated JSON Schema (itself generated
// from the zod schemas' bilingual descriptions), so docs/language/fields*.md cannot drift from the code.
import { generateJsonSchema } from '../../core/index';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  type?: string | string[];
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

export type DocLang = 'en' | 'zh-CN';

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

const WORDS = {
  en: {
    title: 'Playbook fields',
    intro: 'Generated from the schema by `npm run docs`; do not edit by hand. Every field of every kind, with its type and description. See [the language reference](README.md) for how the kinds work together.',
    field: 'field', type: 'type', required: 'required', description: 'description', yes: 'yes', no: '',
    kind: (kind: string) => `## ${kind}`,
    oneOf: 'one of', list: 'list of', object: 'object', text: 'text', integer: 'integer', number: 'number', boolean: 'true/false', map: 'map',
  },
  'zh-CN': {
    title: '剧本字段',
    intro: '由 `npm run docs` 根据 schema 生成，请勿手工编辑。列出每种文档的每个字段及其类型和说明。各类文档如何配合，见[语言参考](README.zh-CN.md)。',
    field: '字段', type: '类型', required: '必填', description: '说明', yes: '是', no: '',
    kind: (kind: string) => `## ${kind}`,
    oneOf: '之一', list: '列表', object: '对象', text: '文本', integer: '整数', number: '数字', boolean: 'true/false', map: '映射',
  },
} as const;

function pickDescription(description: string | undefined, lang: DocLang): string {
  if (!description) return '';
  const [en, zh] = description.split('\n\n');
  const chosen = lang === 'zh-CN' ? (zh ?? en ?? '') : (en ?? '');
  return chosen.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function describeType(node: JsonSchema, lang: DocLang): string {
  const words = WORDS[lang];
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.enum) return node.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return variants.map((variant) => describeType(variant, lang)).join(` \\| `);
  const type = Array.isArray(node.type) ? node.type.join('/') : node.type;
  switch (type) {
    case 'array': return `${words.list} ${node.items ? describeType(node.items, lang) : ''}`.trim();
    case 'object': return node.properties ? words.object : words.map;
    case 'string': return words.text;
    case 'integer': return range(words.integer, node);
    case 'number': return range(words.number, node);
    case 'boolean': return words.boolean;
    default: return type ?? '';
  }
}

function range(word: string, node: JsonSchema): string {
  if (node.minimum !== undefined && node.maximum !== undefined) return `${word} ${node.minimum}-${node.maximum}`;
  if (node.minimum !== undefined) return `${word} ≥ ${node.minimum}`;
  return word;
}

/** The object schemas a field may hold (itself, its list items, its union members), whose fields are listed below it. */
function nestedObjects(node: JsonSchema): JsonSchema[] {
  if (node.properties) return [node];
  if (node.items) return nestedObjects(node.items);
  return [...(node.anyOf ?? []), ...(node.oneOf ?? [])].flatMap(nestedObjects);
}

function collectRows(node: JsonSchema, prefix: string, lang: DocLang, rows: FieldRow[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${name}`;
    const isList = child.items !== undefined || (child.anyOf ?? []).some((variant) => variant.items !== undefined);
    rows.push({ path, type: describeType(child, lang), required: (node.required ?? []).includes(name), description: pickDescription(child.description, lang) });
    for (const nested of nestedObjects(child)) collectRows(nested, `${path}${isList ? '[]' : ''}.`, lang, rows);
  }
}

/** The whole fields page in one language. */
export function renderFieldTables(lang: DocLang): string {
  const words = WORDS[lang];
  const root = generateJsonSchema() as JsonSchema;
  const lines: string[] = [`# ${words.title}`, '', words.intro, ''];
  for (const kindSchema of (root.oneOf ?? []) as JsonSchema[]) {
    const kind = String(kindSchema.properties?.kind?.const ?? '');
    const rows: FieldRow[] = [];
    collectRows(kindSchema, '', lang, rows);
    lines.push(words.kind(kind), '', `| ${words.field} | ${words.type} | ${words.required} | ${words.description} |`, '|---|---|---|---|');
    for (const row of rows) {
      if (row.path === 'kind') continue;
      lines.push(`| \`${row.path}\` | ${row.type} | ${row.required ? words.yes : words.no} | ${row.description} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Where each page is written, relative to the repository. */
export const FIELD_PAGES: Readonly<Record<DocLang, string>> = {
  en: 'docs/language/fields.md',
  'zh-CN': 'docs/language/fields.zh-CN.md',
};
