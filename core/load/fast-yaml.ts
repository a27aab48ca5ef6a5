import jsYaml from 'js-yaml';

/**
 * The fast data path. The `yaml` package gives exact source ranges and good error messages but
 * parses about 5 MB/s; js-yaml builds plain data about ten times faster. Playbooks are read with
 * js-yaml, and a file is parsed again with `yaml` only when a diagnostic needs a position in it
 * (YamlDocument does that lazily) or when js-yaml refuses it (the `yaml` errors are reported).
 *
 * Scalars resolve exactly as in the YAML 1.2 core schema the `yaml` package uses; js-yaml's own
 * core schema differs on a few forms (0b101, +.5), so int and float are defined here.
 */
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const intType = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && INT.test(data),
  construct: (data: string) => (data.startsWith('0o') ? Number.parseInt(data.slice(2), 8) : data.startsWith('0x') ? Number.parseInt(data.slice(2), 16) : Number(data)),
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
});

const floatType = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && FLOAT.test(data),
  construct: (data: string) => {
    const lower = data.toLowerCase();
    if (lower.endsWith('.nan')) return Number.NaN;
    if (lower.endsWith('.inf')) return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return Number(data);
  },
  predicate: (value: unknown) => typeof value === 'number',
});

// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
const builtins = (jsYaml as unknown as { types: Record<'null' | 'bool' | 'merge', jsYaml.Type> }).types;

const SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtins.null, builtins.bool, intType, floatType, builtins.merge],
});

// js-yaml 4.3 added maxDepth; @types/js-yaml 4.0.9 predates it.
type LoadOptions = jsYaml.LoadOptions & { maxDepth?: number };

/**
 * True when some collection is reachable twice: an alias to a mapping or list. js-yaml shares the
 * object instead of copying it, so nothing is expanded yet, but every later walk would be; such
 * files go the careful way, where the `yaml` package counts expansions (alias bombs).
 */
function sharesCollections(documents: unknown[]): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [...documents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return false;
}

/** Reads every document of a file as plain data, or undefined when the careful path must do it. */
export function loadDocumentsFast(content: string, maxDepth: number): unknown[] | undefined {
  try {
    const options: LoadOptions = { schema: SCHEMA, maxDepth: maxDepth + 1, json: false };
    const documents = jsYaml.loadAll(content, null, options);
    return sharesCollections(documents) ? undefined : documents;
  } catch {
    return undefined;
  }
}
