import type { Lang, WorkspaceModel } from '../../../core/index';
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range,
} from 'vscode-languageserver-types';
import { ITEM, readCursorContext, splitLines, type CursorContext } from './cursor-context';
import { knownIds, referenceTarget } from './ids';
import { allowedValues, holdsMappings, localizedDescription, propertiesOf, schemaAt, typeLabel, type JsonSchema } from './schema-docs';
import { skeletons } from './snippets';

/** What completion needs beyond the document. */
export interface CompletionOptions {
  readonly lang: Lang;
  /** The workspace as last validated: ids come from every file of it. */
  readonly model?: WorkspaceModel;
}

const SCHEDULE_EXAMPLES = ['cron(0 10 * * ? *)', 'cron(0 20 ? * THU *)', 'rate(15 minutes)', 'rate(1 day)', 'at(2027-01-01T09:00:00)'];

function documentation(schema: JsonSchema | undefined, lang: Lang): { documentation?: { kind: 'markdown'; value: string } } {
  const text = localizedDescription(schema, lang);
  return text === undefined ? {} : { documentation: { kind: MarkupKind.Markdown, value: text } };
}

/** Keys of the mapping at `path` not written yet, required ones first. */
function keyItems(context: CursorContext, path: readonly string[], range: Range, lang: Lang): CompletionItem[] {
  const schema = schemaAt(context.kind, path);
  if (!schema) return [];
  const indent = ' '.repeat(range.start.character);
  return propertiesOf(schema)
    .filter((property) => !context.siblings.has(property.name))
    .map((property): CompletionItem => {
      const list = typeLabel(property.schema) === 'array';
      const nested = holdsMappings(property.schema) && !list;
      const newText = list && holdsMappings(property.schema.items)
        ? `${property.name}:\n${indent}  - `
        : nested ? `${property.name}:\n${indent}  ` : `${property.name}: `;
      return {
        label: property.name,
        kind: CompletionItemKind.Property,
        detail: typeLabel(property.schema),
        sortText: `${property.required ? '0' : '1'}${property.name}`,
        textEdit: { range, newText },
        ...documentation(property.schema, lang),
      };
    });
}

/** Ids, fixed values or schedule examples for the value being typed. */
function valueItems(context: CursorContext, key: string, schema: JsonSchema | undefined, range: Range, options: CompletionOptions): CompletionItem[] {
  const target = referenceTarget(context.kind, context.path, key);
  if (target) {
    if (!options.model) return [];
    // An id already in the list is not offered again.
    const listed = context.listed ?? new Set<string>();
    // The human name beside the id (labelDetails), the kind of id and the rest in the detail.
    return knownIds(options.model, target, options.lang).filter(({ id }) => !listed.has(id)).map(({ id, detail }) => ({
      label: id, labelDetails: { description: detail.split(' · ')[0] }, kind: CompletionItemKind.Reference, detail: `${target} · ${detail}`, textEdit: { range, newText: id },
    }));
  }
  if (!schema) return [];
  if (key === 'timezone') {
    return Intl.supportedValuesOf('timeZone').map((zone) => ({ label: zone, kind: CompletionItemKind.Value, textEdit: { range, newText: zone } }));
  }
  if (key === 'schedule') {
    return SCHEDULE_EXAMPLES.map((example) => ({ label: example, kind: CompletionItemKind.Value, textEdit: { range, newText: example }, ...documentation(schema, options.lang) }));
  }
  return allowedValues(schema).map((value) => ({ label: value, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: value }, ...documentation(schema, options.lang) }));
}

/**
 * Completion at a position: keys with their descriptions, enum values, ids from any file of the
 * workspace, and skeletons of every kind on an empty document.
 */
export function complete(text: string, position: Position, options: CompletionOptions): CompletionItem[] {
  const lines = splitLines(text);
  const context = readCursorContext(lines, position);
  const range: Range = { start: { line: position.line, character: context.word.start }, end: { line: position.line, character: context.word.end } };

  if (context.at === 'key') {
    const items = keyItems(context, context.path, range, options.lang);
    if (context.emptyDocument && context.path.length === 0) {
      const lineRange: Range = { start: { line: position.line, character: 0 }, end: range.end };
      for (const skeleton of skeletons(options.lang)) {
        items.push({
          label: skeleton.label, kind: CompletionItemKind.Snippet, detail: skeleton.description, sortText: `!${skeleton.kind}`,
          insertTextFormat: InsertTextFormat.Snippet, textEdit: { range: lineRange, newText: skeleton.body },
        });
      }
    }
    return items;
  }
  const key = context.key;
  if (key === undefined) return [];
  if (context.at === 'item') {
    const list = schemaAt(context.kind, [...context.path, key]);
    // `- ` in a list of mappings starts a new mapping: offer its keys.
    if (holdsMappings(list?.items) && referenceTarget(context.kind, context.path, key) === undefined) {
      return keyItems({ ...context, siblings: new Set() }, [...context.path, key, ITEM], range, options.lang);
    }
    return valueItems(context, key, list?.items, range, options);
  }
  return valueItems(context, key, schemaAt(context.kind, [...context.path, key]), range, options);
}
