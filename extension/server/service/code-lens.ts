/** Code lenses: the next runs above each schedule, and each key result's latest status when a store answered. */
import { buildMetricCatalogue, formatMetricValue, GOAL_STATUS_TEXT, lookupMetric, term, type Lang, type WorkspaceModel } from '../../../core/index';
import type { CodeLens } from 'vscode-languageserver-types';
import { toRange } from './definition';
import { campaignPostsByLine, explainPostRuns, explainSchedule, schedulesOnLine, workspaceZone, zoneForLine, zoneNote } from './schedule-text';
import { splitLines } from './cursor-context';
import type { KeyResultStatusMap } from './status-report';

const LENS_RUNS = 3;

/** What code lenses need beyond the document. */
export interface CodeLensOptions {
  readonly lang: Lang;
  readonly now: number;
  readonly model?: WorkspaceModel;
  /** The document's path in the workspace, to find its goals. */
  readonly path?: string;
  /** Latest evaluation per goal name and key result id, from the local store; absent when none is reachable. */
  readonly keyResultStatus?: KeyResultStatusMap;
}

function scheduleLenses(lines: readonly string[], options: CodeLensOptions): CodeLens[] {
  const lenses: CodeLens[] = [];
  const fallback = workspaceZone(options.model);
  const zh = options.lang === 'zh-CN';
  const lens = (line: number, start: number, end: number, title: string): CodeLens => ({ range: { start: { line, character: start }, end: { line, character: end } }, command: { title, command: '' } });
  const posts = campaignPostsByLine(options.model, options.path);
  lines.forEach((lineText, line) => {
    // A campaign post's schedule or one-time `at`: its runs inside the campaign window, as the plan has them.
    const post = posts.get(line);
    const value = post?.value;
    const column = value === undefined ? -1 : lineText.indexOf(value);
    const postRuns = options.model && post && column >= 0 ? explainPostRuns(options.model, post, options.now, LENS_RUNS, options.lang) : undefined;
    if (postRuns && value !== undefined) {
      lenses.push(lens(line, column, column + value.length, postRuns.lens));
      return;
    }
    if (!lineText.includes('(')) return;
    for (const found of schedulesOnLine(lineText)) {
      const zone = zoneForLine(lines, line, fallback);
      const explained = explainSchedule(found.expression, zone, options.now, LENS_RUNS, options.lang);
      if (!explained) continue;
      const title = explained.runs.length === 0
        ? (zh ? '不会再运行' : 'No further runs')
        : zh ? `下次运行：${explained.runs.join(' · ')}${zoneNote(zone, options.lang)}` : `Next runs: ${explained.runs.join(' · ')} ${zoneNote(zone, options.lang)}`;
      lenses.push(lens(line, found.start, found.end, title));
    }
  });
  return lenses;
}

function statusLenses(options: CodeLensOptions): CodeLens[] {
  if (!options.model || !options.keyResultStatus || options.path === undefined) return [];
  const lenses: CodeLens[] = [];
  const zh = options.lang === 'zh-CN';
  const catalogue = buildMetricCatalogue(options.model.workspaces[0]?.value.spec.metrics);
  for (const goal of options.model.goals) {
    if (goal.file.path !== options.path) continue;
    const statuses = options.keyResultStatus.get(goal.name);
    for (const keyResult of goal.value.spec.keyResults) {
      const evaluation = statuses?.get(keyResult.id);
      if (!evaluation) continue;
      const unit = lookupMetric(catalogue, keyResult.metric).unit;
      const show = (value: number | undefined) => (value === undefined ? '—' : formatMetricValue(value, unit));
      // The Goals view's words and order: status · value / target · expected today.
      const expected = evaluation.expected === undefined ? '' : ` · ${zh ? '今日应达' : 'expected today'} ${show(evaluation.expected)}`;
      const title = `${term(GOAL_STATUS_TEXT, evaluation.status, options.lang)} · ${show(evaluation.value)} / ${show(evaluation.target)}${expected}`;
      lenses.push({ range: toRange(goal.span(keyResult, ['id'])), command: { title, command: '' } });
    }
  }
  return lenses;
}

/** Every code lens of a document. */
export function codeLenses(text: string, options: CodeLensOptions): CodeLens[] {
  return [...scheduleLenses(splitLines(text), options), ...statusLenses(options)];
}
