import { randomFillSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { describe, expect, it } from 'vitest';
import { checkEngineFolder } from './engine-folder';

/** A LevelDB folder with `count` entries; `compact` leaves them in table files, else in the write-ahead log. */
async function makeFolder(count: number, compact: boolean): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'flywheel-level-'));
  const db = new ClassicLevel<string, unknown>(folder, { valueEncoding: 'json' });
  await db.open();
  for (let index = 0; index < count; index += 1) await db.put(`item-${String(index).padStart(6, '0')}`, { index, text: '冬日热饮的三种做法'.repeat(4) });
  if (compact) await db.compactRange('item-', 'item-~');
  await db.close();
  return folder;
}

const filesEnding = (folder: string, suffix: string) => readdirSync(folder).filter((name) => name.endsWith(suffix)).map((name) => join(folder, name));

describe('checkEngineFolder', () => {
  it('passes a whole folder and a folder that does not exist yet', async () => {
    expect(await checkEngineFolder(await makeFolder(3000, true))).toBeUndefined();
    expect(await checkEngineFolder(join(tmpdir(), 'flywheel-no-such-folder'))).toBeUndefined();
  });

  it('names a missing CURRENT instead of letting LevelDB open an empty store', async () => {
    const folder = await makeFolder(10, false);
    rmSync(join(folder, 'CURRENT'));
    expect(await checkEngineFolder(folder)).toMatchObject({ file: join(folder, 'CURRENT'), problem: { en: expect.stringContaining('it is missing') } });
  });

  it('names a table file with a damaged block, wherever in the file the damage is', async () => {
    for (const at of [0.1, 0.5, 0.9]) {
      const folder = await makeFolder(3000, true);
      const [table] = filesEnding(folder, '.ldb').sort((left, right) => statSync(right).size - statSync(left).size);
      const bytes = readFileSync(table as string);
      randomFillSync(bytes, Math.floor(bytes.length * at), 16);
      writeFileSync(table as string, bytes);
      expect(await checkEngineFolder(folder)).toMatchObject({ file: table, problem: { en: expect.stringMatching(/checksum|not a LevelDB table|past/) } });
    }
  });

  it('names a write-ahead log with a damaged record (LevelDB itself would skip it silently)', async () => {
    const folder = await makeFolder(200, false);
    const [log] = filesEnding(folder, '.log');
    const bytes = readFileSync(log as string);
    randomFillSync(bytes, Math.floor(bytes.length / 2), 8);
    writeFileSync(log as string, bytes);
    expect(await checkEngineFolder(folder)).toMatchObject({ file: log, problem: { zh: expect.stringContaining('校验失败') } });
  });

  it('accepts a log whose last record was cut short by a crash, as LevelDB does', async () => {
    const folder = await makeFolder(200, false);
    const [log] = filesEnding(folder, '.log');
    // A record header promising more bytes than the file holds: the write that never finished.
    appendFileSync(log as string, Buffer.from([1, 2, 3, 4, 0xff, 0x00, 1, 9, 9]));
    expect(await checkEngineFolder(folder)).toBeUndefined();
  });
});
