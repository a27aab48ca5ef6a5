import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * A workspace with real symbolic links: some leave it (to a passwd-like file, a picture, a folder
 * and a .yaml outside), one stays inside. campaigns/launch.yaml names them on lines 11 (body), 12
 * (cover) and 15 (media in a linked folder). Its base folder is pushed onto `cleanup` for removal.
 */
export function makeLinkedWorkspace(cleanup: string[]): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'flywheel-links-'));
  cleanup.push(base);
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

