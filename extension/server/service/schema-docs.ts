/*
 * The playbook JSON Schema, generated from the zod schemas (so it never drifts from validation),
 * walked by key path: key completion, enum values and hover text all come from here.
 */
import { generateJsonSchema, KINDS, type Lang } from '../../../core/index';
import { ITEM } from './cursor-context';

/** The subset of JSON Schema (draft-07, as zod writes it) the editor features read. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

// Generated once per process: a pure function of the zod schemas, nothing to invalidate.
let generated: JsonSchema | undefined;
function rootSchema(): JsonSchema {
  generated ??= generateJsonSchema() as JsonSchema;
  return generated;
}

/** Generates the schema now (about 25 ms), so the first completion or hover does not wait for it. */
export function preloadSchema(): void {
  rootSchema();
}

/** Branches of a union, or the schema itself. */
function branches(schema: JsonSchema): readonly JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [schema];
}

/** The schema of one kind's documents; for an unknown kind, the top-level keys every document has. */
function documentSchema(kind: string | undefined): JsonSchema {
  const all = branches(rootSchema());
  const match = all.find((branch) => branch.properties?.kind?.const === kind);
  if (match) return match;
  const first = all[0] ?? {};
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      ...first.properties,
      kind: { type: 'string', enum: KINDS, description: 'The kind of document.\n\n文档类型。' },
      spec: { type: 'object', description: 'What the document defines; its keys depend on kind.\n\n文档内容, 键取决于 kind。' },
    },
  };
}

/** One step down a schema: a key of a mapping or an item of a list (looking through unions). */
function stepInto(schema: JsonSchema, segment: string): JsonSchema | undefined {
  for (const branch of branches(schema)) {
    if (segment === ITEM) {
      if (branch.items) return branch.items;
    } else {
      const property = branch.properties?.[segment];
      if (property) return property;
    }
  }
  return undefined;
}

/** The schema at a key path of a document of `kind`, or undefined when the path leaves the schema. */
export function schemaAt(kind: string | undefined, path: readonly string[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = documentSchema(kind);
  for (const segment of path) {
    if (!schema) return undefined;
    schema = stepInto(schema, segment);
  }
  return schema;
}

/** The properties a mapping at this schema may hold (merged over union branches), with which are required. */
export function propertiesOf(schema: JsonSchema): { name: string; schema: JsonSchema; required: boolean }[] {
  const found = new Map<string, { name: string; schema: JsonSchema; required: boolean }>();
  for (const branch of branches(schema)) {
    for (const [name, property] of Object.entries(branch.properties ?? {})) {
      if (!found.has(name)) found.set(name, { name, schema: property, required: branch.required?.includes(name) ?? false });
    }
  }
  return [...found.values()];
}

/** True when values here are lists of mappings (so a `- ` starts a new mapping, not a scalar). */
export function holdsMappings(schema: JsonSchema | undefined): boolean {
  return schema !== undefined && branches(schema).some((branch) => branch.type === 'object' || branch.properties !== undefined);
}

/** The fixed values a field accepts: enum members, a const, or true/false. */
export function allowedValues(schema: JsonSchema): string[] {
  const values: string[] = [];
  for (const branch of branches(schema)) {
    for (const value of branch.enum ?? []) values.push(String(value));
    if (branch.const !== undefined) values.push(String(branch.const));
    if (branch.type === 'boolean') values.push('true', 'false');
  }
  return [...new Set(values)];
}

/** A short name of the value type, for completion details. */
export function typeLabel(schema: JsonSchema): string {
  const types = new Set<string>();
  for (const branch of branches(schema)) {
    const type = branch.type ?? (branch.properties ? 'object' : undefined);
    if (Array.isArray(type)) for (const item of type) types.add(item);
    else if (typeof type === 'string') types.add(type);
  }
  return [...types].join(' | ') || 'value';
}

/** The description in the reader's language: the zod `.meta` holds "English\n\nChinese". */
export function localizedDescription(schema: JsonSchema | undefined, lang: Lang): string | undefined {
  const description = schema?.description ?? branches(schema ?? {}).find((branch) => branch.description)?.description;
  if (description === undefined) return undefined;
  const split = description.indexOf('\n\n');
  if (split === -1) return description;
  return lang === 'zh-CN' ? description.slice(split + 2) : description.slice(0, split);
}
