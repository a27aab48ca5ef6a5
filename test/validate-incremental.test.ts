/*
 * Incremental validation equals a full validation: random edits to the sample workspace (renaming,
 * adding and removing definitions and references across files, breaking and fixing YAML, adding and
 * deleting files, changing the Workspace) and after each one the incremental diagnostics of every
 * file must be exactly those of a fresh validateWorkspace.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderFileProvider, IncrementalValidator, readPlaybookFolder, validateWorkspace, type Diagnostic, type InputFile, type WorkspaceModel } from '../core/index';
import { mulberry32 } from '../scripts/seeded-random.mjs';

const ROOT = join(import.meta.dirname, '..', 'playbooks');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every id the model declares: document names and the Workspace's channels, notify, people and metrics. */
function declaredIds(model: WorkspaceModel): string[] {
  return [...model.declared.values(), ...model.workspaceIds.values()].flatMap((list) => list.map((item) => item.id));
}

const BROKEN_LINES = ['  bad: [unclosed', '\tchannels: [x]', 'spec: {', '    - id: : :', '  posts: "'];

function runEdits(seed: number, steps: number): void {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const files = new Map<string, string>();
  for (const input of readPlaybookFolder(ROOT)) if (/\.ya?ml$/.test(input.path)) files.set(input.path, decoder.decode(input.bytes));
  const history = new Map<string, string[]>();
  const provider = folderFileProvider(ROOT);
  const validator = new IncrementalValidator();
  let model: WorkspaceModel | undefined;
  const inputs = (): InputFile[] => [...files].map(([path, text]) => ({ path, bytes: encoder.encode(text) }));
  const setFile = (path: string, text: string | undefined): void => {
    const before = files.get(path);
    if (before !== undefined) history.set(path, [...(history.get(path) ?? []), before]);
    if (text === undefined) files.delete(path);
    else files.set(path, text);
  };
  const replaceWord = (text: string, from: string, to: string, everywhere: boolean): string => {
    const pattern = new RegExp(`(?<![\\w-])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, everywhere ? 'g' : '');
    return text.replace(pattern, to);
  };

  const edits: ((path: string, text: string) => string)[] = [
    // Rename an id in one file only: a definition disappears, or a reference dangles.
    (path, text) => {
      const id = pick(declaredIds(model as WorkspaceModel));
      return replaceWord(text, id, random() < 0.5 ? `${id}x` : `${id.slice(0, -1)}`, true);
    },
    // Rename an id everywhere: a consistent rename.
    (path, text) => {
      const id = pick(declaredIds(model as WorkspaceModel));
      const to = `${id}-2`;
      for (const [other, content] of files) if (other !== path) setFile(other, replaceWord(content, id, to, true));
      return replaceWord(text, id, to, true);
    },
    // Point one reference at another declared id.
    (path, text) => {
      const ids = declaredIds(model as WorkspaceModel);
      const present = ids.filter((id) => replaceWord(text, id, '\u0000', false) !== text);
      return present.length > 0 ? replaceWord(text, pick(present), pick(ids), false) : text;
    },
    // Delete, duplicate or insert a line.
    (path, text) => {
      const lines = text.split('\n');
      const at = Math.floor(random() * lines.length);
      const roll = random();
      if (roll < 0.4) lines.splice(at, 1);
      else if (roll < 0.7) lines.splice(at, 0, lines[at] ?? '');
      else lines.splice(at, 0, pick(BROKEN_LINES));
      return lines.join('\n');
    },
    // Edit a title or a body: no id changes.
    (path, text) => text.replace(/(title|body): ([^\n]*)/, (_, key: string, value: string) => `${key}: ${value.replace(/["']?$/, '')}改${/^["']/.test(value) ? value[0] : ''}`),
    // Change the Workspace: time zone, a channel's platform.
    (path, text) => text.replace('Asia/Shanghai', pick(['Asia/Tokyo', 'Mars/Olympus', 'UTC'])).replace(/platform: (\w+)/, `platform: ${pick(['weibo', 'douyin', 'nope'])}`),
    // Fix: go back to an earlier version of the file.
    (path, text) => {
      const earlier = history.get(path);
      return earlier && earlier.length > 0 ? pick(earlier) : text;
    },
  ];

  /** The id an unknown reference names, read from its place in the file. */
  const unknownReferences = (diagnostics: readonly Diagnostic[]): string[] => diagnostics
    .filter((diagnostic) => diagnostic.code === 'flywheel/unknown-reference' && diagnostic.line === diagnostic.endLine)
    .map((diagnostic) => (files.get(diagnostic.file)?.split('\n')[diagnostic.line - 1] ?? '').slice(diagnostic.column - 1, diagnostic.endColumn - 1).replace(/^["']|["']$/g, ''))
    .filter((id) => /^[\w.-]+$/.test(id));

  for (let step = 0; step < steps; step += 1) {
    const full = validateWorkspace(inputs(), provider);
    const incremental = validator.validate(inputs(), provider);
    expect(incremental.diagnostics, `seed ${seed}, step ${step}`).toEqual(full.diagnostics);
    model = full.model;
    const roll = random();
    const paths = [...files.keys()];
    const dangling = unknownReferences(full.diagnostics);
    if (roll < 0.1 && dangling.length > 0) {
      // Define something close to a dangling reference elsewhere: its "did you mean" changes.
      const near = `${pick(dangling)}s`;
      const workspace = paths.find((item) => item.startsWith('workspace'));
      if (workspace && random() < 0.5) {
        setFile(workspace, (files.get(workspace) as string).replace(/^ {2}people:\n/m, `  people:\n    - { id: ${near}, name: 新人 }\n`).replace(/^ {2}channels:\n/m, `  channels:\n    - { id: ${near}, platform: weibo }\n`));
      } else {
        for (const kind of ['Campaign', 'SOP', 'Check']) setFile(`near/${kind}-${step}.yaml`, `apiVersion: flywheel/v1\nkind: ${kind}\nmetadata: { name: ${near} }\n`);
      }
    } else if (roll < 0.15 && paths.length > 2) {
      setFile(pick(paths), undefined);
    } else if (roll < 0.22) {
      const from = pick(paths);
      setFile(`campaigns/copy-${step}.yaml`, random() < 0.5 ? (files.get(from) as string) : (files.get(from) as string).replace(/name: ([\w-]+)/, `name: $1-copy${step}`));
    } else {
      const path = roll < 0.3 ? (paths.find((item) => item.startsWith('workspace')) ?? pick(paths)) : pick(paths);
      const text = files.get(path) as string;
      setFile(path, pick(edits)(path, text));
    }
  }
}

describe('incremental validation', () => {
  it('re-checks an SOP when a check in another file starts it', () => {
    // The SOP reacts to an event and uses {{post}}; once a check names it, that start cannot fill {{post}}.
    const sample = readPlaybookFolder(ROOT).filter((input) => /\.ya?ml$/.test(input.path));
    const provider = folderFileProvider(ROOT);
    const validator = new IncrementalValidator();
    const edited = sample.map((input) => input.path === 'checks/negative-spike.yaml'
      ? { path: input.path, bytes: encoder.encode(decoder.decode(input.bytes).replace('sop: crisis-response', 'sop: post-failed-response')) }
      : input);
    for (const inputs of [sample, edited, sample]) {
      const full = validateWorkspace(inputs, provider);
      expect(validator.validate(inputs, provider).diagnostics).toEqual(full.diagnostics);
    }
    expect(validateWorkspace(edited, provider).diagnostics.some((diagnostic) => diagnostic.file === 'sops/event-responses.yaml' && diagnostic.code === 'flywheel/template')).toBe(true);
  });

  it('equals a full validation after every random edit', { timeout: 600_000 }, () => {
    for (const seed of [1, 2, 3]) runEdits(seed, 80);
  });
});
