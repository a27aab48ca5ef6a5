import { findBrandMisspellings, findTermMatches, PRESETS, type ComplianceTerm } from '../../compliance/index';
import { text, type LocalizedText, type Severity } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import { SourceFile } from '../../load/source-file';
import type { PathSegment } from '../../load/yaml-document';
import type { Rule, RuleContext } from '../context';
import { postVersions, type ResolvedBody } from './post-content';

interface Finding {
  start: number;
  end: number;
  code: 'flywheel/compliance-term' | 'flywheel/brand-spelling';
  severity: Severity;
  message: LocalizedText;
  replacements: readonly string[];
}

/** The workspace's term list: its presets plus its own terms (own terms win on the same word). */
function workspaceTerms(context: RuleContext): ComplianceTerm[] {
  const compliance = context.workspace?.value.spec.compliance;
  if (!compliance) return [];
  const own: ComplianceTerm[] = (compliance.terms ?? []).map((term) => ({
    term: term.term,
    severity: term.severity ?? 'warning',
    reason: term.reason ? text(term.reason, term.reason) : text('listed in the workspace compliance terms', '在工作区合规词表中'),
    suggestions: term.suggest ?? [],
    exceptions: [],
  }));
  const ownWords = new Set(own.map((term) => term.term));
  const presets = (compliance.presets ?? []).flatMap((preset) => PRESETS[preset]).filter((term) => !ownWords.has(term.term));
  return [...presets, ...own];
}

function findAll(content: string, terms: readonly ComplianceTerm[], spelling: Readonly<Record<string, readonly string[]>>): Finding[] {
  const findings: Finding[] = [];
  for (const match of findTermMatches(content, terms)) {
    const found = content.slice(match.start, match.end);
    const suggestions = match.term.suggestions;
    findings.push({
      start: match.start, end: match.end, code: 'flywheel/compliance-term', severity: match.term.severity, replacements: suggestions,
      message: text(
        `"${found}": ${match.term.reason.en.replace(/[.。]\s*$/, '')}.${suggestions.length > 0 ? ` Consider: ${suggestions.join(', ')}.` : ' Rephrase without it.'}`,
        `"${found}": ${match.term.reason.zh.replace(/[.。]\s*$/, '')}。${suggestions.length > 0 ? `可改为: ${suggestions.join('、')}。` : '请换一种说法。'}`,
      ),
    });
  }
  for (const miss of findBrandMisspellings(content, spelling)) {
    findings.push({
      start: miss.start, end: miss.end, code: 'flywheel/brand-spelling', severity: 'warning', replacements: [miss.preferred],
      message: text(`Brand name spelt "${miss.wrong}"; write "${miss.preferred}".`, `品牌名写成了 "${miss.wrong}"; 应写作 "${miss.preferred}"。`),
    });
  }
  return findings;
}

/** Reports findings inside a YAML scalar, underlining the exact words where the source allows. */
function reportInScalar(context: RuleContext, entry: PlaybookEntry, owner: object, field: PathSegment[], value: string, findings: Finding[]): void {
  if (findings.length === 0) return;
  const path = [...entry.pathOf(owner), ...field];
  for (const finding of findings) {
    const offsets = entry.document.locateInScalar(path, value, finding.start, finding.end);
    const span = offsets ? entry.file.span(offsets.start, offsets.end) : entry.document.span(path);
    const fixes = offsets ? finding.replacements.map((replacement) => ({ title: text(`Replace with "${replacement}"`, `替换为 "${replacement}"`), span, newText: replacement })) : [];
    context.reportOffsets(entry.file.path, span, finding.severity, finding.code, finding.message, fixes.length > 0 ? { fixes } : {});
  }
}

/** Published text (titles, bodies, tags) is free of banned terms and brand misspellings. */
export const complianceRule: Rule = {
  code: 'flywheel/compliance-term',
  check(context) {
    const terms = workspaceTerms(context);
    const spelling = context.workspace?.value.spec.compliance?.brand?.spelling ?? {};
    if (terms.length === 0 && Object.keys(spelling).length === 0) return;
    const scannedFiles = new Set<string>();
    for (const entry of context.model.campaigns) {
      for (const post of entry.value.spec.posts ?? []) {
        const seenTitles = new Set<object>();
        const seenBodies = new Set<object>();
        const scanBody = (body: ResolvedBody | undefined) => {
          if (!body || seenBodies.has(body.owner)) return;
          seenBodies.add(body.owner);
          const findings = findAll(body.text, terms, spelling);
          if (body.kind === 'inline') {
            reportInScalar(context, entry, body.owner, ['body'], body.text, findings);
          } else if (!scannedFiles.has(body.path)) {
            // A body file shared by several posts is reported once, in the file itself.
            scannedFiles.add(body.path);
            const source = new SourceFile(body.path, body.text);
            for (const finding of findings) {
              const span = source.span(finding.start, finding.end);
              const fixes = finding.replacements.map((replacement) => ({ title: text(`Replace with "${replacement}"`, `替换为 "${replacement}"`), span, newText: replacement }));
              context.reportOffsets(body.path, span, finding.severity, finding.code, finding.message, fixes.length > 0 ? { fixes } : {});
            }
          }
        };
        for (const version of postVersions(context, entry.file.path, post)) {
          if (version.title && !seenTitles.has(version.title.owner)) {
            seenTitles.add(version.title.owner);
            reportInScalar(context, entry, version.title.owner, ['title'], version.title.text, findAll(version.title.text, terms, spelling));
          }
          scanBody(version.body);
        }
        (post.tags ?? []).forEach((tag, index) => {
          reportInScalar(context, entry, post, ['tags', index], tag, findAll(tag, terms, spelling));
        });
      }
    }
  },
};
