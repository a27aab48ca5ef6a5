/*
 * Diagnostics as an editor receives them: a platform limit's source page is the code's link
 * (codeDescription.href), never part of the message, which leads with the fix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { starterFiles } from '../../../cli/commands/init';
import { folderFileProvider, readPlaybookFolder } from '../../../core/index';
import { validateDocuments } from './validate-documents';

const root = mkdtempSync(join(tmpdir(), 'flywheel-lsp-diagnostics-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('validateDocuments', () => {
  it.each(['en', 'zh-CN'] as const)('links a platform limit to its source and keeps the URL out of the message (%s)', (lang) => {
    const dir = join(root, lang);
    for (const [path, content] of Object.entries(starterFiles(lang, 'Asia/Shanghai', new Date('2026-12-07T00:00:00Z')))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const campaign = 'campaigns/first-campaign.yaml';
    const withoutCover = (new TextDecoder().decode(readPlaybookFolder(dir).find((file) => file.path === campaign)?.bytes)).replace(/\n\s+cover: .*\n/, '\n');
    const { diagnostics } = validateDocuments(readPlaybookFolder(dir), new Map([[campaign, withoutCover]]), { files: folderFileProvider(dir), lang });
    const limit = diagnostics.get(campaign)?.find((diagnostic) => diagnostic.code === 'flywheel/platform-limit');
    expect(limit?.codeDescription?.href).toMatch(/^https:\/\/developers\.weixin\.qq\.com\//);
    expect(limit?.message).not.toMatch(/https?:|source|来源/);
    expect(limit?.message).toMatch(lang === 'en' ? /^Add `cover:` to the post\./ : /^请/);
    expect(limit?.source).toBe('flywheel');
    // Diagnostics without a source page carry no link.
    expect([...diagnostics.values()].flat().filter((diagnostic) => diagnostic.code !== 'flywheel/platform-limit' && diagnostic.codeDescription)).toEqual([]);
  });
});
