import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateWorkspace } from '../validate/index';
import { folderFileProvider, locateInWorkspace, readPlaybookFolder } from './read-folder';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const WORKSPACE = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: links }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: wechat-main, platform: wechat-oa, credentials: "secret:flywheel/wechat-main" }
    - { id: box, platform: outbox }
`;

const CAMPAIGN = `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  posts:
    - id: leaky
      at: 2027-01-10 20:00
      channels: [wechat-main]
      title: 链接
      body: { file: ../content/leak.md }
      cover: { file: ../media/leak.png }
      media:
        - { file: ../media/inside.png }
        - { file: ../media/linked-folder/photo.png }
`;

/** A workspace with links that leave it (to a passwd-like file and a folder outside) and one that stays inside. */
function makeWorkspace(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'flywheel-links-'));
  folders.push(base);
  const root = join(base, 'playbooks');
  const outside = join(base, 'elsewhere');
  for (const folder of [root, outside, join(outside, 'pictures'), join(root, 'campaigns'), join(root, 'content'), join(root, 'media')]) mkdirSync(folder, { recursive: true });
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(outside, 'pictures', 'photo.png'), 'PNG-FROM-OUTSIDE');
  writeFileSync(join(outside, 'extra.yaml'), 'SECRET-FIRST-LINE: do not echo\n');
  writeFileSync(join(root, 'workspace.yaml'), WORKSPACE);
  writeFileSync(join(root, 'campaigns', 'launch.yaml'), CAMPAIGN);
  writeFileSync(join(root, 'media', 'real.png'), 'PNG');
  symlinkSync(join(outside, 'passwd'), join(root, 'content', 'leak.md'));
  symlinkSync(join(outside, 'pictures', 'photo.png'), join(root, 'media', 'leak.png'));
  symlinkSync(join(root, 'media', 'real.png'), join(root, 'media', 'inside.png'));
  symlinkSync(join(outside, 'pictures'), join(root, 'media', 'linked-folder'));
  symlinkSync(join(outside, 'extra.yaml'), join(root, 'campaigns', 'extra.yaml'));
  return { root, outside };
}

describe('files stay inside the workspace by real path', () => {
  it('reports each link that leaves at the line that references it, and refuses a linked .yaml without echoing it', () => {
    const { root, outside } = makeWorkspace();
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
    const { root } = makeWorkspace();
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
