import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { validateWorkspace } from '../validate/index';
import { makeLinkedWorkspace } from '../../test/support/linked-workspace';
import { folderFileProvider, locateInWorkspace, readPlaybookFolder } from './read-folder';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('files stay inside the workspace by real path', () => {
  it('reports each link that leaves at the line that references it, and refuses a linked .yaml without echoing it', () => {
    const { root, outside } = makeLinkedWorkspace(folders);
    const { diagnostics } = validateWorkspace(readPlaybookFolder(root), folderFileProvider(root));
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`).sort()).toEqual([
      'campaigns/extra.yaml:1 flywheel/outside-workspace',
      'campaigns/launch.yaml:11 flywheel/file-reference',
      'campaigns/launch.yaml:12 flywheel/file-reference',
      'campaigns/launch.yaml:15 flywheel/file-reference',
    ]);
    for (const d of diagnostics) {
      for (const leaked of ['root:x', 'SECRET-FIRST-LINE', 'PNG-FROM-OUTSIDE', outside, 'passwd']) {
        expect(d.message.en).not.toContain(leaked);
        expect(d.message.zh).not.toContain(leaked);
      }
    }
    expect(diagnostics.find((d) => d.line === 11)?.message.en).toContain('content/leak.md is a link to a file outside the workspace');
  });

  it('never reads through a link that leaves, whatever asks', () => {
    const { root } = makeLinkedWorkspace(folders);
    const files = folderFileProvider(root);
    expect(files.readFile('content/leak.md')).toBeUndefined();
    expect(files.readFile('media/leak.png')).toBeUndefined();
    expect(files.readFile('media/linked-folder/photo.png')).toBeUndefined();
    expect(files.exists?.('media/leak.png')).toBe(false);
    expect(files.leavesWorkspace?.('media/leak.png')).toBe(true);
    expect(Buffer.from(files.readFile('media/inside.png') ?? []).toString()).toBe('PNG');
    expect(files.leavesWorkspace?.('media/inside.png')).toBe(false);
    expect(files.leavesWorkspace?.('media/missing.png')).toBe(false);
    expect(readPlaybookFolder(root).find((file) => file.path === 'campaigns/extra.yaml')).toMatchObject({ outsideWorkspace: true, bytes: new Uint8Array(0) });
    expect(locateInWorkspace(root, '../elsewhere/passwd')).toBe('outside');
  });
});
