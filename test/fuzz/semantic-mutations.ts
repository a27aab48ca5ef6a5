import fc from 'fast-check';
import { DST_EDGES, FIELD_KINDS, SEMANTIC_KINDS, semanticValues, type SemanticKind } from './semantic-values';
import { stringifyDocuments, type DocumentList, type NodeSlot, type ParsedSample } from './yaml-tree';

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

/**
 * The files' texts after the mutations, in the order given; a file nothing was written to comes
 * back undefined (use its original bytes). Values go in as YAML nodes, so they are quoted as
 * needed and the file stays well-formed.
 */
export function applySemanticMutations(samples: readonly ParsedSample[], mutations: readonly SemanticMutation[], dst: DstScenario | null): Array<string | undefined> {
  const slots = fieldSlots(samples);
  const writes: Array<[FieldSlot, unknown]> = [];
  if (dst) slots.forEach((slot, index) => writes.push([slot, dstValue(slot, dst, index)]));
  for (const mutation of mutations) {
    const slot = slots[mutation.slot % Math.max(1, slots.length)];
    if (!slot) continue;
    const kind = mutation.kind === 0 ? slot.kind : (SEMANTIC_KINDS[mutation.kind - 1] as SemanticKind);
    writes.push([slot, mutation.values[kind]]);
  }
  // Only touched files are cloned and printed again: printing is what a case would otherwise spend most on.
  const documents = new Map<number, DocumentList>();
  for (const [slot, value] of writes) {
    if (value === undefined) continue;
    let list = documents.get(slot.file);
    if (!list) {
      list = (samples[slot.file]?.documents ?? []).map((document) => document.clone());
      documents.set(slot.file, list);
    }
    const document = list[slot.slot.document];
    if (document !== undefined && typeof document !== 'string') document.setIn(slot.slot.path, document.createNode(value));
  }
  return samples.map((_, file) => {
    const list = documents.get(file);
    return list === undefined ? undefined : stringifyDocuments(list, { texts: [] });
  });
}
