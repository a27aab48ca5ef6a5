import fc from 'fast-check';
import { DST_EDGES, FIELD_KINDS, SEMANTIC_KINDS, semanticValues, type SemanticKind } from './semantic-values';
import type { NodeSlot, ParsedSample } from './yaml-tree';

/** Writes a value of some kind into one scalar field of the workspace. `kind` 0 means "the kind that fits the field". */
export interface SemanticMutation {
  readonly slot: number;
  readonly kind: number;
  readonly values: Record<SemanticKind, unknown>;
}

/** Moves the whole workspace to a zone with a DST transition and puts its times right at the edge. */
export interface DstScenario {
  readonly edge: number;
  readonly shiftMinutes: number;
}

export function semanticMutation(knownIds: readonly string[]): fc.Arbitrary<SemanticMutation> {
  return fc.record({
    slot: fc.nat(),
    kind: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: SEMANTIC_KINDS.length }) }),
    values: semanticValues(knownIds),
  });
}

export const dstScenario: fc.Arbitrary<DstScenario> = fc.record({
  edge: fc.nat(),
  shiftMinutes: fc.integer({ min: -8, max: 8 }).map((steps) => steps * 15),
});

interface FieldSlot {
  readonly file: number;
  readonly slot: NodeSlot;
  readonly kind: SemanticKind;
}

/** Scalar fields whose kind of value is known, across the given files. */
function fieldSlots(samples: readonly ParsedSample[]): FieldSlot[] {
  const slots: FieldSlot[] = [];
  samples.forEach((sample, file) => {
    for (const slot of sample.slots) {
      const kind = slot.field === undefined ? undefined : FIELD_KINDS[slot.field];
      if (slot.scalar && kind !== undefined) slots.push({ file, slot, kind });
    }
  });
  return slots;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Local wall time `minutes` after "YYYY-MM-DD HH:mm", calendar arithmetic only (no zone). */
function shiftLocal(localTime: string, minutes: number): { date: string; hour: number; minute: number } {
  const shifted = new Date(Date.parse(`${localTime.replace(' ', 'T')}:00Z`) + minutes * 60_000);
  const date = shifted.toISOString().slice(0, 10);
  return { date, hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

function dayAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function dstValue(slot: FieldSlot, scenario: DstScenario, index: number): unknown {
  const [zone, edge] = DST_EDGES[scenario.edge % DST_EDGES.length] as readonly [string, string];
  const { date, hour, minute } = shiftLocal(edge, scenario.shiftMinutes + (index % 4) * 15);
  const inWindow = slot.slot.path.includes('window');
  switch (slot.kind) {
    case 'timezone': return zone;
    case 'local-time': return `${date} ${pad(hour)}:${pad(minute)}`;
    case 'schedule': return index % 2 === 0 ? `cron(${minute} ${hour} * * ? *)` : `at(${date}T${pad(hour)}:${pad(minute)}:00)`;
    case 'date': return inWindow ? dayAfter(date, slot.slot.field === 'start' ? -1 : 1) : undefined;
    default: return undefined;
  }
}

/** How a value is written in place of a scalar: plain when a user would write it so, else a JSON (= YAML double-quoted) string. */
function yamlScalar(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (value === Number.POSITIVE_INFINITY) return '.inf';
    if (value === Number.NEGATIVE_INFINITY) return '-.inf';
    return String(value);
  }
  if (typeof value === 'string' && /^[\p{L}\p{N}][\p{L}\p{N}_\-./+ ()?*:]*$/u.test(value) && !/[ :]$|: /.test(value)) return value;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The files' texts after the mutations, in the order given; a file nothing was written to comes
 * back undefined (use its original bytes). Values are spliced into the original text where the
 * scalar was, so comments and layout stay as the user wrote them.
 */
export function applySemanticMutations(samples: readonly ParsedSample[], mutations: readonly SemanticMutation[], dst: DstScenario | null): Array<string | undefined> {
  const slots = fieldSlots(samples);
  // The last write to a scalar wins, as if the user had edited it several times.
  const writes = new Map<FieldSlot, unknown>();
  if (dst) slots.forEach((slot, index) => writes.set(slot, dstValue(slot, dst, index)));
  for (const mutation of mutations) {
    const slot = slots[mutation.slot % Math.max(1, slots.length)];
    if (!slot) continue;
    const kind = mutation.kind === 0 ? slot.kind : (SEMANTIC_KINDS[mutation.kind - 1] as SemanticKind);
    writes.set(slot, mutation.values[kind]);
  }
  return samples.map((sample, file) => {
    const edits = [...writes].filter(([slot, value]) => slot.file === file && value !== undefined && slot.slot.range !== undefined)
      .sort(([a], [b]) => (b.slot.range?.[0] ?? 0) - (a.slot.range?.[0] ?? 0));
    if (edits.length === 0) return undefined;
    let text = sample.text;
    for (const [slot, value] of edits) {
      const [start, end] = slot.slot.range as readonly [number, number];
      // A block scalar's range takes its last line break with it; keep the next key on its own line.
      const tail = /\n$/.test(text.slice(start, end)) ? '\n' : '';
      text = text.slice(0, start) + yamlScalar(value) + tail + text.slice(end);
    }
    return text;
  });
}
