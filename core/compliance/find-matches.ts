import { compilePhraseMatcher } from './phrase-matcher';
import type { BrandMisspelling, ComplianceTerm, TermMatch } from './types';

/*
 * Matchers are compiled once per term list and per spelling table, keyed by object identity in
 * WeakMaps: a workspace re-validated on every keystroke reuses its matcher, and a list nobody
 * references any more is collected together with its matcher, so there is nothing to clear.
 * Term lists and spelling tables are treated as immutable (the types are readonly).
 */

/** A compiled term list. */
export interface TermMatcher {
  find(text: string): TermMatch[];
}

/** A compiled brand spelling table. */
export interface BrandMatcher {
  find(text: string): BrandMisspelling[];
}

/** A spelling table: preferred spelling → wrong forms. */
export type BrandSpelling = Readonly<Record<string, readonly string[]>>;

const termMatchers = new WeakMap<readonly ComplianceTerm[], TermMatcher>();
const brandMatchers = new WeakMap<BrandSpelling, BrandMatcher>();

/** Compiles a term list once; latin terms match case-insensitively on word boundaries. */
export function compileTermMatcher(terms: readonly ComplianceTerm[]): TermMatcher {
  const matcher = compilePhraseMatcher(terms.map(({ term, exceptions }) => ({ phrase: term, exceptions })), { foldCase: true });
  return {
    find: (text) => {
      const hits = matcher.find(text);
      if (hits.length === 0) return [];
      return hits.flatMap(({ start, end, entryIndex }) => {
        const term = terms[entryIndex];
        return term === undefined ? [] : [{ start, end, term }];
      });
    },
  };
}

/** Finds the terms in a text: leftmost-longest, exceptions honoured, full-width latin normalised. */
export function findTermMatches(text: string, terms: readonly ComplianceTerm[]): TermMatch[] {
  let matcher = termMatchers.get(terms);
  if (matcher === undefined) {
    matcher = compileTermMatcher(terms);
    termMatchers.set(terms, matcher);
  }
  return matcher.find(text);
}

/**
 * Compiles a spelling table once. Wrong forms match exactly and case-sensitively, after full-width
 * latin is made half-width. Latin forms match whole words only: with `{ ACME: ['Acme'] }`, "Acme's"
 * and "用Acme" are flagged but "Acmes" and "AcmeCorp" are not, since they may be other words.
 * CJK forms match anywhere except inside an occurrence of the preferred spelling.
 */
export function compileBrandMatcher(spelling: BrandSpelling): BrandMatcher {
  const forms = Object.entries(spelling).flatMap(([preferred, wrongForms]) =>
    wrongForms.filter((wrong) => wrong !== preferred).map((wrong) => ({ wrong, preferred })));
  // The preferred spelling is the exception: 小米, listed as wrong, must not fire inside 小米汽车.
  const matcher = compilePhraseMatcher(
    forms.map(({ wrong, preferred }) => ({ phrase: wrong, exceptions: [preferred] })),
    { foldCase: false },
  );
  return {
    find: (text) => {
      const hits = matcher.find(text);
      if (hits.length === 0) return [];
      return hits.flatMap(({ start, end, entryIndex }) => {
        const form = forms[entryIndex];
        return form === undefined ? [] : [{ start, end, wrong: form.wrong, preferred: form.preferred }];
      });
    },
  };
}

/** Finds brand names written in one of their listed wrong forms; see compileBrandMatcher for the rules. */
export function findBrandMisspellings(text: string, spelling: BrandSpelling): BrandMisspelling[] {
  let matcher = brandMatchers.get(spelling);
  if (matcher === undefined) {
    matcher = compileBrandMatcher(spelling);
    brandMatchers.set(spelling, matcher);
  }
  return matcher.find(text);
}
