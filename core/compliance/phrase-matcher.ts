/**
 * One matcher for many phrases: a trie keyed by UTF-16 code unit, walked from every position of
 * the text. The walk stops at the first character no phrase continues with, so a position that
 * starts no phrase costs one Map lookup and the whole scan is O(text length × longest phrase).
 */

/** A phrase to find, and longer harmless phrases that suppress it where they cover it. */
export interface PhraseEntry {
  readonly phrase: string;
  readonly exceptions: readonly string[];
}

/** A phrase found in the text; `entryIndex` points into the compiled entries. */
export interface PhraseHit {
  readonly start: number;
  readonly end: number;
  readonly entryIndex: number;
}

export interface PhraseMatcher {
  /** Leftmost-longest, non-overlapping hits of the entries' phrases, minus those an exception covers. */
  find(text: string): PhraseHit[];
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  /** Entries whose phrase ends here. */
  readonly phraseOf: number[];
  /** Entries that have an exception ending here. */
  readonly exceptionOf: number[];
}

const FULLWIDTH_FIRST = 0xff01;
const FULLWIDTH_LAST = 0xff5e;
const FULLWIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;
/** The shared answer for a text without hits; frozen so no caller can fill it. */
const NO_HITS: PhraseHit[] = Object.freeze([]) as unknown as PhraseHit[];
const NEEDS_WIDTH_MAPPING = /[\uFF01-\uFF5E\u3000]/;
const HAS_UPPERCASE = /[A-Z]/;

/**
 * Maps full-width ASCII (ＮＯ．１) to half-width and, when asked, A–Z to a–z. Only one-to-one
 * code unit changes, so offsets into the normalised text are offsets into the original.
 */
export function normalizeForMatching(text: string, foldCase: boolean): string {
  // Most text (Chinese copy) has nothing to map: a native regex scan says so cheaply.
  if (!NEEDS_WIDTH_MAPPING.test(text)) {
    if (!foldCase || !HAS_UPPERCASE.test(text)) return text;
    // Native lower-casing keeps every offset except for U+0130 (İ), which becomes two units.
    if (!text.includes('\u0130')) return text.toLowerCase();
  }
  let codes: number[] | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let mapped = code;
    if (code >= FULLWIDTH_FIRST && code <= FULLWIDTH_LAST) mapped = code - FULLWIDTH_OFFSET;
    else if (code === IDEOGRAPHIC_SPACE) mapped = 0x20;
    if (foldCase && mapped >= 0x41 && mapped <= 0x5a) mapped += 0x20;
    if (mapped !== code && codes === undefined) {
      codes = [];
      for (let before = 0; before < index; before += 1) codes.push(text.charCodeAt(before));
    }
    codes?.push(mapped);
  }
  if (codes === undefined) return text;
  let normalized = '';
  const CHUNK = 8192; // String.fromCharCode takes arguments on the stack
  for (let offset = 0; offset < codes.length; offset += CHUNK) {
    normalized += String.fromCharCode(...codes.slice(offset, offset + CHUNK));
  }
  return normalized;
}

function isAsciiAlphanumeric(text: string, index: number): boolean {
  const code = text.charCodeAt(index); // NaN outside the string: not alphanumeric
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/**
 * Latin phrases match whole words only (TOP1 is not in TOP10); a CJK phrase has no word
 * boundaries to respect, so an edge that is not ASCII letter or digit always passes.
 */
function isOnWordBoundaries(text: string, start: number, end: number): boolean {
  if (isAsciiAlphanumeric(text, start) && isAsciiAlphanumeric(text, start - 1)) return false;
  if (isAsciiAlphanumeric(text, end - 1) && isAsciiAlphanumeric(text, end)) return false;
  return true;
}

function createNode(): TrieNode {
  return { next: new Map(), phraseOf: [], exceptionOf: [] };
}

function insertPhrase(root: TrieNode, phrase: string): TrieNode {
  let node = root;
  for (let index = 0; index < phrase.length; index += 1) {
    const key = phrase.charAt(index);
    let child = node.next.get(key);
    if (child === undefined) {
      child = createNode();
      node.next.set(key, child);
    }
    node = child;
  }
  return node;
}

/** Builds the trie once for a list of entries; reuse the matcher for every text. */
export function compilePhraseMatcher(entries: readonly PhraseEntry[], options: { readonly foldCase: boolean }): PhraseMatcher {
  const root = createNode();
  // Code units that start some phrase or exception: most positions of a text start none, and
  // skipping them without touching the trie is what keeps a scan cheap.
  const startsPhrase = new Uint8Array(0x10000);
  let longestException = 0;
  entries.forEach((entry, entryIndex) => {
    const phrase = normalizeForMatching(entry.phrase, options.foldCase);
    if (phrase.length === 0) return;
    startsPhrase[phrase.charCodeAt(0)] = 1;
    insertPhrase(root, phrase).phraseOf.push(entryIndex);
    for (const exception of entry.exceptions) {
      const normalizedException = normalizeForMatching(exception, options.foldCase);
      if (normalizedException.length === 0) continue;
      startsPhrase[normalizedException.charCodeAt(0)] = 1;
      insertPhrase(root, normalizedException).exceptionOf.push(entryIndex);
      longestException = Math.max(longestException, normalizedException.length);
    }
  });

  // A native regex finds the next position that can start a phrase far faster than a JS loop
  // over every code unit; most text has few such positions.
  const firstUnits = [...startsPhrase.keys()].filter((code) => startsPhrase[code] === 1);
  const candidateStart = firstUnits.length === 0 ? undefined
    : new RegExp(`[${firstUnits.map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`, 'g');

  return {
    find(text: string): PhraseHit[] {
      if (candidateStart === undefined) return NO_HITS;
      const normalized = normalizeForMatching(text, options.foldCase);
      candidateStart.lastIndex = 0;
      // Most texts hold no phrase at all: leave before allocating anything.
      if (!candidateStart.test(normalized)) return NO_HITS;
      // Per entry, the exception spans seen so far, in order of start.
      let exceptionSpans: Map<number, { start: number; end: number }[]> | undefined;
      const isSuppressed = (hit: PhraseHit): boolean => {
        const spans = exceptionSpans?.get(hit.entryIndex) ?? [];
        // Only spans starting within one exception length before the hit can cover it.
        for (let index = spans.length - 1; index >= 0; index -= 1) {
          const span = spans[index];
          if (span === undefined || span.start < hit.start - longestException) break;
          if (span.start <= hit.start && span.end >= hit.end) return true;
        }
        return false;
      };

      const candidates: PhraseHit[] = [];
      candidateStart.lastIndex = 0;
      for (let found = candidateStart.exec(normalized); found !== null; found = candidateStart.exec(normalized)) {
        const start = found.index;
        candidateStart.lastIndex = start + 1;
        let atStart: PhraseHit[] | undefined;
        let node: TrieNode | undefined = root;
        for (let end = start + 1; end <= normalized.length; end += 1) {
          node = node.next.get(normalized.charAt(end - 1));
          if (node === undefined) break;
          if ((node.phraseOf.length === 0 && node.exceptionOf.length === 0) || !isOnWordBoundaries(normalized, start, end)) continue;
          for (const entryIndex of node.phraseOf) (atStart ??= []).push({ start, end, entryIndex });
          for (const entryIndex of node.exceptionOf) {
            exceptionSpans ??= new Map();
            const spans = exceptionSpans.get(entryIndex) ?? [];
            spans.push({ start, end });
            exceptionSpans.set(entryIndex, spans);
          }
        }
        if (atStart === undefined) continue;
        // Every exception that can cover a hit at this start is known now: it starts here or earlier.
        // Longest first; equal spans keep entry order.
        atStart.sort((a, b) => b.end - a.end || a.entryIndex - b.entryIndex);
        for (const hit of atStart) if (!isSuppressed(hit)) candidates.push(hit);
      }

      if (candidates.length === 0) return NO_HITS;
      const hits: PhraseHit[] = [];
      let cursor = 0;
      for (const candidate of candidates) {
        if (candidate.start < cursor) continue;
        hits.push(candidate);
        cursor = candidate.end;
      }
      return hits;
    },
  };
}
