import type { Node } from 'yaml';
import { BUILTIN_METRICS, YamlDocument, localize, type Lang, type WorkspaceModel } from '../../../core/index';
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import { ITEM, readCursorContext, shapeOf, splitLines, wordAt, type CursorContext } from './cursor-context';
import { describeId, referenceTarget } from './ids';
import { describeKeyResultToday } from './key-result-today';
import { campaignPostsByLine, explainPostRuns, explainSchedule, scheduleAt, workspaceZone, zoneForLine, zoneNote } from './schedule-text';
import { localizedDescription, schemaAt, typeLabel } from './schema-docs';

/** What hover needs beyond the document. */
export interface HoverOptions {
  readonly lang: Lang;
  /** Epoch milliseconds that next runs and expected values count from (no clock in the service). */
  readonly now: number;
  /** The workspace as last validated (zone, metrics, goals). */
  readonly model?: WorkspaceModel;
  /** The document's path in the workspace, to find its goals in the model. */
  readonly path?: string;
  /** Overrides the workspace zone (tests, or a document outside any workspace). */
  readonly zone?: string;
}

const RUN_COUNT = 5;

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function scheduleHover(lines: readonly string[], position: Position, options: HoverOptions): Hover | undefined {
  const lineText = lines[position.line] ?? '';
  // On the `schedule` key itself, explain its value too: that is what the reader is after.
  const onKey = /^\s*(?:-\s+)?schedule\s*:/.test(lineText) && position.character <= lineText.indexOf(':');
  const found = scheduleAt(lineText, onKey ? lineText.search(/\b(?:cron|rate|at)\(/) : position.character);
  if (!found) return undefined;
  const zone = zoneForLine(lines, position.line, options.zone ?? workspaceZone(options.model));
  const explained = explainSchedule(found.expression, zone, options.now, RUN_COUNT, options.lang);
  if (!explained) return undefined;
  const range = lineRange(position.line, found.start, found.end);
  // A post's schedule runs only inside its campaign window: list what the plan will publish.
  const post = campaignPostsByLine(options.model, options.path).get(position.line);
  const postRuns = options.model && post?.field === 'schedule' && post.value === found.expression
    ? explainPostRuns(options.model, post, options.now, RUN_COUNT, options.lang, true) : undefined;
  if (postRuns) return markdown([`**${explained.description}**`, '', postRuns.heading, '', ...postRuns.runs.map((run) => `- ${run}`)].join('\n'), range);
  const zh = options.lang === 'zh-CN';
  const heading = zh ? `接下来 ${explained.runs.length} 次运行${zoneNote(zone, options.lang)}` : `Next ${explained.runs.length} runs ${zoneNote(zone, options.lang)}`;
  const runs = explained.runs.length > 0 ? explained.runs.map((run) => `- ${run}`) : [zh ? '_不会再运行_' : '_No further runs_'];
  return markdown([`**${explained.description}**`, '', heading, '', ...runs].join('\n'), range);
}

/** When a campaign post publishes once (`at`), as the plan has it. */
function postTimeSection(position: Position, options: HoverOptions): string | undefined {
  const post = campaignPostsByLine(options.model, options.path).get(position.line);
  if (!options.model || post?.field !== 'at') return undefined;
  return explainPostRuns(options.model, post, options.now, RUN_COUNT, options.lang)?.heading;
}

function metricHover(model: WorkspaceModel | undefined, metricId: string, lang: Lang): string | undefined {
  const zh = lang === 'zh-CN';
  const custom = model?.workspaces[0]?.value.spec.metrics?.find((metric) => metric.id === metricId);
  if (custom) {
    return [
      `**${custom.title ?? custom.id}** \`${custom.id}\``, '',
      ...(custom.description ? [custom.description, ''] : []),
      `${zh ? '单位' : 'Unit'}: ${custom.unit ?? 'count'} · ${zh ? '聚合' : 'Aggregate'}: ${custom.aggregate ?? 'sum'}`,
    ].join('\n');
  }
  const builtin = BUILTIN_METRICS.get(metricId);
  if (!builtin) return undefined;
  const formula = builtin.derived
    ? 'sumOf' in builtin.derived ? builtin.derived.sumOf.join(' + ') : `${builtin.derived.numerator} / ${builtin.derived.denominator}`
    : undefined;
  return [
    `**${localize(builtin.title, lang)}** \`${builtin.id}\` (${zh ? '内置指标' : 'built-in metric'})`, '',
    `${zh ? '单位' : 'Unit'}: ${builtin.unit} · ${zh ? '聚合' : 'Aggregate'}: ${builtin.aggregate}${formula ? ` · = ${formula}` : ''}`,
  ].join('\n');
}

/** The key path of the mapping a key at this line and column belongs to. */
function mappingPathAt(lines: readonly string[], line: number, column: number): CursorContext {
  const context = readCursorContext(lines, { line, character: column });
  if (context.at === 'item' && context.key !== undefined) return { ...context, path: [...context.path, context.key, ITEM] };
  return context;
}

/** The goal key result holding a line, when the document is a Goal of the model. */
function keyResultSection(lines: readonly string[], position: Position, path: readonly string[], options: HoverOptions): string | undefined {
  if (!options.model || options.path === undefined || path[0] !== 'spec' || path[1] !== 'keyResults') return undefined;
  const goal = options.model.goals.find((entry) => entry.file.path === options.path);
  // The server's model comes from the loader, whose documents are YamlDocuments.
  if (!goal || !(goal.document instanceof YamlDocument)) return undefined;
  const document = goal.document;
  const offset = lines.slice(0, position.line).reduce((total, text) => total + text.length + 1, 0) + position.character;
  const keyResult = goal.value.spec.keyResults.find((item) => {
    const node = document.doc.getIn(goal.pathOf(item), true) as Node | undefined;
    return node?.range !== undefined && node.range !== null && offset >= node.range[0] && offset <= node.range[1];
  });
  if (!keyResult) return undefined;
  return describeKeyResultToday(options.model, goal.value.spec, keyResult, options.now, options.lang);
}

/**
 * Hover: schedules explained with their next runs, field docs from the schema, metric
 * definitions, and a key result's expected value today.
 */
export function hover(text: string, position: Position, options: HoverOptions): Hover | undefined {
  const lines = splitLines(text);
  const lineText = lines[position.line];
  if (lineText === undefined) return undefined;
  const schedule = scheduleHover(lines, position, options);
  if (schedule) return schedule;

  const word = wordAt(lineText, position.character);
  if (word.text === '') return undefined;
  const range = lineRange(position.line, word.start, word.end);
  const isKey = /^\s*:(\s|$)/.test(lineText.slice(word.end)) && (shapeOf(lineText).key === word.text || /[{,]\s*$/.test(lineText.slice(0, word.start)));
  const sections: string[] = [];
  const postTime = postTimeSection(position, options);
  if (postTime) sections.push(`**${postTime}**`);
  let path: readonly string[];
  if (isKey) {
    const context = mappingPathAt(lines, position.line, word.start);
    path = context.path;
    const schema = schemaAt(context.kind, [...path, word.text]);
    const description = localizedDescription(schema, options.lang);
    if (description !== undefined && schema) sections.push(`**${word.text}** (${typeLabel(schema)})\n\n${description}`);
    if (word.text === 'metric') {
      const value = /:\s*([\w-]+)/.exec(lineText.slice(word.end))?.[1];
      const metric = value === undefined ? undefined : metricHover(options.model, value, options.lang);
      if (metric) sections.push(metric);
    }
  } else {
    const context = readCursorContext(lines, { line: position.line, character: word.end });
    path = context.path;
    if (context.key === undefined) return undefined;
    const target = referenceTarget(context.kind, context.path, context.key);
    const metric = target === 'metric' ? metricHover(options.model, word.text, options.lang) : undefined;
    const described = target && target !== 'metric' && options.model ? describeId(options.model, target, word.text) : undefined;
    if (metric) sections.push(metric);
    else if (described) sections.push(`**${word.text}** (${target}) · ${described}`);
    else {
      const schema = schemaAt(context.kind, context.at === 'item' ? [...context.path, context.key, ITEM] : [...context.path, context.key]);
      const description = localizedDescription(schema, options.lang) ?? localizedDescription(schemaAt(context.kind, [...context.path, context.key]), options.lang);
      if (description !== undefined) sections.push(description);
    }
  }
  const today = keyResultSection(lines, position, path, options);
  if (today) sections.push(today);
  return sections.length > 0 ? markdown(sections.join('\n\n---\n\n'), range) : undefined;
}
