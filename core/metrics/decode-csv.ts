import { text, type LocalizedText } from '../diagnostics';

/** How a metrics file's bytes were read. */
export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16';

/** A file's text, or why it was refused (with the line of the first bad byte when there is one). */
export type DecodedCsv = { readonly text: string; readonly encoding: CsvEncoding } | { readonly problem: LocalizedText; readonly line: number };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/*
 * Characters a GB18030 reading of a metrics file may produce: CJK ideographs, CJK and full-width
 * punctuation, and the general punctuation Chinese text uses. Bytes of another encoding (Big5,
 * Shift-JIS, Latin-1) read as GB18030 give other characters or fail, so they are refused instead
 * of imported as mojibake.
 */
const CHINESE_TEXT = /^[\u0000-\u007f\u00b7\u2010-\u206f\u2e80-\u2fdf\u3000-\u303f\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]*$/;

const SAVE_AS_UTF8 = text(
  'Save the file as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8; WPS: Save As > CSV, encoding UTF-8) and import it again.',
  '请把文件另存为“CSV UTF-8”（Excel：文件 > 另存为 > CSV UTF-8；WPS：另存为 > CSV，编码选 UTF-8）后重新导入。',
);

function refuse(en: string, zh: string, line = 1): DecodedCsv {
  return { problem: text(`${en} ${SAVE_AS_UTF8.en}`, `${zh}${SAVE_AS_UTF8.zh}`), line };
}

/** The 1-based line of a byte offset. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at += 1) if (bytes[at] === 0x0a) line += 1;
  return line;
}

/** Where the first byte that is not UTF-8 sits, and whether the file is mostly valid UTF-8 around it (a damaged UTF-8 file, not another encoding). */
function inspectUtf8(bytes: Uint8Array): { firstBad: number; mostlyUtf8: boolean } {
  let firstBad = -1;
  let good = 0;
  let bad = 0;
  for (let at = 0; at < bytes.length;) {
    const lead = bytes[at] as number;
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let valid = length > 0 && at + length <= bytes.length;
    for (let next = 1; valid && next < length; next += 1) valid = ((bytes[at + next] as number) & 0xc0) === 0x80;
    if (valid) {
      good += 1;
      at += length;
    } else {
      bad += 1;
      if (firstBad === -1) firstBad = at;
      at += 1;
    }
  }
  return { firstBad, mostlyUtf8: good > bad };
}

/**
 * Reads a metrics file's bytes (spec v1.1): UTF-8 with or without a BOM; UTF-16 with a BOM (Excel's
 * "Unicode text"); GB18030/GBK, as spreadsheet programs in China save CSV by default, when the
 * bytes read cleanly as Chinese text. Anything else is refused with the advice to save as UTF-8,
 * never read as mojibake.
 */
export function decodeMetricsCsv(bytes: Uint8Array): DecodedCsv {
  if (UTF8_BOM.every((byte, at) => bytes[at] === byte)) return decodeUtf8(bytes.subarray(3), 3);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2)), encoding: 'utf-16' };
    } catch {
      return refuse('The file starts like UTF-16 text but its bytes are not.', '文件开头是 UTF-16 标记，但内容不是 UTF-16 文本。');
    }
  }
  return decodeUtf8(bytes, 0);
}

function decodeUtf8(bytes: Uint8Array, skipped: number): DecodedCsv {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a damaged UTF-8 file, GB18030/GBK, or something else.
  }
  const { firstBad, mostlyUtf8 } = inspectUtf8(bytes);
  const line = lineOfByte(bytes, Math.max(0, firstBad));
  if (mostlyUtf8 || skipped > 0) {
    return refuse(
      `The file is UTF-8 but line ${line} holds bytes that are not (a damaged or mixed file).`,
      `文件是 UTF-8 编码，但第 ${line} 行含有不是 UTF-8 的字节（文件损坏或混用了编码）。`,
      line,
    );
  }
  let decoded: string;
  try {
    decoded = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return refuse(`The file is neither UTF-8 nor GB18030/GBK (line ${line}).`, `文件既不是 UTF-8 也不是 GB18030/GBK 编码（第 ${line} 行）。`, line);
  }
  if (!CHINESE_TEXT.test(decoded)) {
    return refuse(
      'The file is not UTF-8, and read as GB18030/GBK it gives characters that are not Chinese text (another encoding, such as Big5 or Shift-JIS).',
      '文件不是 UTF-8 编码，按 GB18030/GBK 读取又会出现非中文字符（可能是 Big5、Shift-JIS 等其他编码）。',
      line,
    );
  }
  return { text: decoded, encoding: 'gb18030' };
}
