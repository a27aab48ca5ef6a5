import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { folderFileProvider, readPlaybookFolder } from '../core/index';
import { validateDocuments } from '../extension/server/service/index';
import { makeLinkedWorkspace } from './support/linked-workspace';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the language server and links out of the workspace', () => {
  it('keeps a linked .yaml refused while it is open in the editor, and reports the linked body at its line', () => {
    const { root } = makeLinkedWorkspace(folders);
    const open = new Map([['campaigns/extra.yaml', 'SECRET-FIRST-LINE: do not echo\n']]);
    const { diagnostics } = validateDocuments(readPlaybookFolder(root), open, { files: folderFileProvider(root), lang: 'en', uriOf: (path) => `file:///ws/${path}` });
    const extra = diagnostics.get('campaigns/extra.yaml') ?? [];
    expect(extra.map((d) => d.code)).toEqual(['flywheel/outside-workspace']);
    expect(extra.map((d) => d.message).join(' ')).not.toContain('SECRET');
    expect((diagnostics.get('campaigns/launch.yaml') ?? []).map((d) => `${d.range.start.line + 1} ${d.code}`)).toEqual([
      '11 flywheel/file-reference', '12 flywheel/file-reference', '15 flywheel/file-reference',
    ]);
  });
});
