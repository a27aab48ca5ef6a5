import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { text, type LocalizedText } from '../../core/diagnostics';

/*
 * The embedded engine keeps its data in LevelDB, which opens a folder without its CURRENT file as a
 * new empty database and, reading without checksums, may skip or misread a damaged record. Before
 * the engine opens a folder, every file it will read is checked here: CURRENT, the manifest, each
 * write-ahead log record and each table block against its CRC32C, so damage is an error naming
 * the file instead of a store that silently lost data.
 */

/** A file of the engine's folder that cannot be used, and what is wrong with it. */
export interface EngineFolderProblem {
  readonly file: string;
  readonly problem: LocalizedText;
  /** The folder is whole but another process has it open. */
  readonly busy?: true;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index += 1) {
    let crc = index;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    table[index] = crc >>> 0;
  }
  return table;
})();

/** CRC32C (Castagnoli) of byte ranges, as LevelDB computes it. */
function crc32c(...parts: Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const part of parts) for (const byte of part) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** LevelDB stores CRCs masked (rotated and offset) so a CRC of data holding CRCs stays useful. */
function unmask(masked: number): number {
  const rotated = (masked - 0xa282ead8) >>> 0;
  return ((rotated >>> 17) | (rotated << 15)) >>> 0;
}

/** Damage found in a file, said in both languages. */
class DamageError extends Error {
  override readonly name = 'DamageError';
  readonly localized: LocalizedText;

  constructor(en: string, zh: string) {
    super(en);
    this.localized = text(en, zh);
  }
}

/** A varint (LevelDB's base-128 little-endian integers) at `offset`; returns the value and the next offset. */
function readVarint(bytes: Uint8Array, offset: number, end: number = bytes.length): [number, number] {
  let value = 0;
  let factor = 1;
  for (let position = offset; position < end && position < offset + 10; position += 1) {
    const byte = bytes[position] as number;
    value += (byte & 0x7f) * factor;
    if (byte < 0x80) return [value, position + 1];
    factor *= 128;
  }
  throw new DamageError('a length field runs past its block', '长度字段超出所在数据块');
}

/** Snappy decompression (LevelDB compresses table blocks with it). */
function unsnappy(input: Uint8Array): Uint8Array {
  const [length, start] = readVarint(input, 0);
  if (length > 64 * 1024 * 1024) throw new DamageError('a compressed block claims an impossible size', '压缩数据块声明的大小不可能成立');
  const output = new Uint8Array(length);
  let written = 0;
  let position = start;
  while (position < input.length) {
    const tag = input[position++] as number;
    if ((tag & 3) === 0) {
      let size = (tag >>> 2) + 1;
      if (size > 60) {
        const bytes = size - 60;
        size = 1;
        for (let index = 0; index < bytes; index += 1) size += (input[position + index] as number) * 256 ** index;
        position += bytes;
      }
      if (position + size > input.length || written + size > length) throw new DamageError('a compressed block is cut short', '压缩数据块不完整');
      output.set(input.subarray(position, position + size), written);
      position += size;
      written += size;
      continue;
    }
    let size: number;
    let distance: number;
    if ((tag & 3) === 1) {
      size = ((tag >>> 2) & 7) + 4;
      distance = ((tag >>> 5) << 8) | (input[position++] as number);
    } else if ((tag & 3) === 2) {
      size = (tag >>> 2) + 1;
      distance = (input[position] as number) | ((input[position + 1] as number) << 8);
      position += 2;
    } else {
      size = (tag >>> 2) + 1;
      distance = ((input[position] as number) | ((input[position + 1] as number) << 8) | ((input[position + 2] as number) << 16) | ((input[position + 3] as number) << 24)) >>> 0;
      position += 4;
    }
    if (distance === 0 || distance > written || written + size > length || position > input.length) throw new DamageError('a compressed block refers outside itself', '压缩数据块引用了块外的数据');
    for (let index = 0; index < size; index += 1, written += 1) output[written] = output[written - distance] as number;
  }
  if (written !== length) throw new DamageError('a compressed block is cut short', '压缩数据块不完整');
  return output;
}

/** Reads and checks one table block (contents, then a type byte and the masked CRC); returns it uncompressed. */
function readBlock(file: Uint8Array, offset: number, size: number): Uint8Array {
  if (offset + size + 5 > file.length) throw new DamageError('a block lies past the end of the file', '数据块超出文件末尾');
  const contents = file.subarray(offset, offset + size);
  const type = file.subarray(offset + size, offset + size + 1);
  const view = new DataView(file.buffer, file.byteOffset);
  if (unmask(view.getUint32(offset + size + 1, true)) !== crc32c(contents, type)) throw new DamageError(`the block at byte ${offset} fails its checksum`, `第 ${offset} 字节处的数据块校验失败`);
  if (type[0] === 0) return contents;
  if (type[0] === 1) return unsnappy(contents);
  throw new DamageError(`the block at byte ${offset} has an unknown compression type`, `第 ${offset} 字节处的数据块压缩类型未知`);
}

/** The block handles (offset, size) an index or meta-index block lists. */
function blockHandles(block: Uint8Array): Array<[number, number]> {
  if (block.length < 4) throw new DamageError('an index block is too short', '索引块过短');
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const restarts = view.getUint32(block.length - 4, true);
  const end = block.length - 4 - restarts * 4;
  if (end < 0) throw new DamageError('an index block is damaged', '索引块已损坏');
  const handles: Array<[number, number]> = [];
  for (let position = 0; position < end;) {
    const [, afterShared] = readVarint(block, position, end);
    const [unshared, afterUnshared] = readVarint(block, afterShared, end);
    const [valueLength, afterLengths] = readVarint(block, afterUnshared, end);
    const valueStart = afterLengths + unshared;
    if (valueStart + valueLength > end) throw new DamageError('an index block entry runs past its block', '索引块条目超出所在数据块');
    const [offset, next] = readVarint(block, valueStart, valueStart + valueLength);
    const [size] = readVarint(block, next, valueStart + valueLength);
    handles.push([offset, size]);
    position = valueStart + valueLength;
  }
  return handles;
}

const TABLE_MAGIC = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb];

/** Checks every block of a table file (.ldb / .sst) against its checksum. */
function checkTable(file: Uint8Array): void {
  if (file.length < 48 || TABLE_MAGIC.some((byte, index) => file[file.length - 8 + index] !== byte)) throw new DamageError('it is not a LevelDB table (its footer is wrong)', '不是 LevelDB 表文件（文件尾部不正确）');
  const footer = file.length - 48;
  const [metaOffset, afterMetaOffset] = readVarint(file, footer);
  const [metaSize, afterMeta] = readVarint(file, afterMetaOffset);
  const [indexOffset, afterIndexOffset] = readVarint(file, afterMeta);
  const [indexSize] = readVarint(file, afterIndexOffset);
  for (const [offset, size] of [...blockHandles(readBlock(file, indexOffset, indexSize)), ...blockHandles(readBlock(file, metaOffset, metaSize))]) readBlock(file, offset, size);
}

const LOG_BLOCK = 32_768;
const LOG_HEADER = 7;

/** Checks every record of a log file (the write-ahead log and the manifest) against its checksum. A record cut short at the very end is a write that never finished, which LevelDB drops too. */
function checkLog(file: Uint8Array): void {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let blockStart = 0; blockStart < file.length; blockStart += LOG_BLOCK) {
    const blockEnd = Math.min(blockStart + LOG_BLOCK, file.length);
    for (let position = blockStart; blockEnd - position >= LOG_HEADER;) {
      const length = view.getUint16(position + 4, true);
      const type = file[position + 6] as number;
      if (type === 0 && length === 0) break;
      const dataEnd = position + LOG_HEADER + length;
      if (dataEnd > blockEnd) {
        if (blockEnd === file.length) return;
        throw new DamageError(`the record at byte ${position} runs past its block`, `第 ${position} 字节处的记录超出所在数据块`);
      }
      if (type < 1 || type > 4 || unmask(view.getUint32(position, true)) !== crc32c(file.subarray(position + 6, dataEnd))) {
        throw new DamageError(`the record at byte ${position} fails its checksum`, `第 ${position} 字节处的记录校验失败`);
      }
      position = dataEnd;
    }
  }
}

/** The problem of a file: the damage found in it, or why it could not be read (or, from LevelDB, opened). */
function damaged(file: string, error: unknown, by: 'read' | 'open'): EngineFolderProblem {
  if (error instanceof DamageError) return { file, problem: error.localized };
  const reason = error instanceof Error ? error.message : String(error);
  return {
    file,
    problem: by === 'read' ? text(`it cannot be read (${reason})`, `无法读取（${reason}）`) : text(`LevelDB cannot open the store (${reason})`, `LevelDB 无法打开该存储（${reason}）`),
  };
}

/**
 * Checks the embedded engine's LevelDB folder before it opens: undefined when it is whole (or does
 * not exist yet: a new store), else the first damaged or missing file.
 */
export async function checkEngineFolder(folder: string): Promise<EngineFolderProblem | undefined> {
  const names = existsSync(folder) ? readdirSync(folder) : [];
  const holdsData = names.some((name) => /^(MANIFEST-\d+|\d+\.(log|ldb|sst))$/.test(name));
  if (!holdsData) return undefined;
  const current = join(folder, 'CURRENT');
  if (!names.includes('CURRENT')) {
    return { file: current, problem: text('it is missing, so the store\'s data cannot be found (opening it would start an empty store)', '文件缺失，无法找到存储的数据（直接打开会得到一个空存储）') };
  }
  const manifestName = readFileSync(current, 'utf8');
  if (!/^MANIFEST-\d+\n$/.test(manifestName)) return { file: current, problem: text('it does not name a manifest file', '其中没有指向清单文件（MANIFEST）') };
  const manifest = join(folder, manifestName.trim());
  if (!existsSync(manifest)) return { file: manifest, problem: text('CURRENT names it but it is missing', 'CURRENT 指向该文件，但它不存在') };
  for (const name of [manifestName.trim(), ...names.filter((entry) => /^\d+\.(log|ldb|sst)$/.test(entry)).sort()]) {
    const file = join(folder, name);
    try {
      const bytes = readFileSync(file);
      if (name.endsWith('.ldb') || name.endsWith('.sst')) checkTable(bytes);
      else checkLog(bytes);
    } catch (error) {
      return damaged(file, error, 'read');
    }
  }
  // Last, LevelDB itself reads the manifest and the files it lists; it never creates anything here.
  const { ClassicLevel } = await import('classic-level');
  const db = new ClassicLevel(folder, { createIfMissing: false });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (/lock/i.test(String(cause))) return { file: join(folder, 'LOCK'), problem: text('another process has the store open', '另一个进程正在使用该存储'), busy: true };
    return damaged(manifest, cause ?? error, 'open');
  } finally {
    await db.close().catch(() => undefined);
  }
  return undefined;
}
