import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { folderFileProvider, readPlaybookFolder, validateWorkspace } from '../../core/index';
import { MediaOutsideWorkspaceError, SHIPPED_MEDIA_FOLDER, copyShippedMedia, listShippedMedia, readShippedMedia } from './shipped-media';

const SAMPLE = new URL('../../playbooks', import.meta.url).pathname;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('shipped media', () => {
  it('lists the covers of posts on channels that upload them, variants included', () => {
    const { model } = validateWorkspace(readPlaybookFolder(SAMPLE), folderFileProvider(SAMPLE));
    const paths = listShippedMedia(model);
    expect(paths).toContain('media/user-stories/story-01-cover.png');
    expect(paths).toContain('media/user-stories/story-05-cover-b.png');
    expect(paths).toContain('media/spring-festival-2027/gift-box-cover-a.png');
    // Bilibili posts' covers stay out: their platform has no connector that uploads them.
    expect(paths).not.toContain('media/user-stories/documentary-cover.png');
    expect(paths).toEqual([...paths].sort());
  });

  it("lists for notify the images of posts a person publishes, which a hand-off attaches", () => {
    const { model } = validateWorkspace(readPlaybookFolder(SAMPLE), folderFileProvider(SAMPLE));
    const paths = listShippedMedia(model, 'notify');
    expect(paths).toContain('media/user-stories/documentary-cover.png');
    expect(paths).toContain('media/spring-festival-2027/vlog-cover.png');
    // Videos cannot go as bot images; WeChat posts are published by the API, not by hand.
    expect(paths.filter((path) => !/\.(png|jpe?g)$/.test(path))).toEqual([]);
    expect(paths).not.toContain('media/user-stories/story-01-cover.png');
  });

  it('copies them with their paths and reads them back by workspace path, never outside the folder', () => {
    const { model } = validateWorkspace(readPlaybookFolder(SAMPLE), folderFileProvider(SAMPLE));
    const out = mkdtempSync(join(tmpdir(), 'flywheel-media-'));
    folders.push(out);
    const bundleFile = join(out, 'flywheel-bundle.json');
    const copied = copyShippedMedia(SAMPLE, model, join(out, SHIPPED_MEDIA_FOLDER));
    mkdirSync(join(out, 'secret'), { recursive: true });
    writeFileSync(join(out, 'secret', 'key.png'), 'not for posts');

    expect(copied).toMatchObject({ files: listShippedMedia(model).length });
    expect(copyShippedMedia(SAMPLE, model, join(out, 'over'), 'publish', 100)).toMatchObject({ overBudget: { files: listShippedMedia(model).length } });
    expect(existsSync(join(out, 'over'))).toBe(false);
    expect(readShippedMedia(bundleFile, 'media/user-stories/story-01-cover.png')?.byteLength).toBeGreaterThan(0);
    expect(readShippedMedia(bundleFile, 'media/user-stories/documentary-cover.png')).toBeUndefined();
    expect(readShippedMedia(bundleFile, '../secret/key.png')).toBeUndefined();
  });

  it('refuses to ship a cover that links outside the workspace, naming the link and not its target', () => {
    const base = mkdtempSync(join(tmpdir(), 'flywheel-media-link-'));
    folders.push(base);
    const root = join(base, 'playbooks');
    mkdirSync(join(root, 'media'), { recursive: true });
    writeFileSync(join(base, 'private.png'), 'PRIVATE');
    symlinkSync(join(base, 'private.png'), join(root, 'media', 'cover.png'));
    writeFileSync(join(root, 'workspace.yaml'), 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: w }\nspec:\n  timezone: Asia/Shanghai\n  channels:\n    - { id: wx, platform: wechat-oa, credentials: "secret:flywheel/wx" }\n');
    writeFileSync(join(root, 'launch.yaml'), 'apiVersion: flywheel/v1\nkind: Campaign\nmetadata: { name: launch }\nspec:\n  window: { start: 2027-01-01, end: 2027-01-31 }\n  posts:\n    - { id: one, at: 2027-01-10 20:00, channels: [wx], title: 标题, body: 正文, cover: { file: media/cover.png } }\n');
    const { model } = validateWorkspace(readPlaybookFolder(root), folderFileProvider(root));
    expect(listShippedMedia(model)).toEqual(['media/cover.png']);
    const out = join(base, 'out');
    expect(() => copyShippedMedia(root, model, out)).toThrow(MediaOutsideWorkspaceError);
    expect(() => copyShippedMedia(root, model, out)).toThrow(/media\/cover\.png links to a file outside the workspace/);
    expect(existsSync(join(out, 'media', 'cover.png'))).toBe(false);
  });
});
