// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time and
// the most inclusive time, mapped back through dist/cli.js.map to the TypeScript source and the
// npm package they live in.
//
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [--top 20]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BUNDLE_FOLDER = `${resolve(ROOT, 'dist')}/`;

// The CLI is split into chunks (dist/cli.js and dist/chunks/*.js), each with its own source map.
const sourceMaps = new Map();

function loadSourceMap(file) {
  if (!sourceMaps.has(file)) {
    try {
      sourceMaps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
    } catch {
      sourceMaps.set(file, undefined);
    }
  }
  return sourceMaps.get(file);
}

const sourceLines = new Map();

/**
 * The bundle is minified, so a function's name is read from the original source where the
 * function starts: `function name(`, a method `name(`, or `name = (...) =>` / `name: (...) =>`.
 */
function nameInSource(source, line, column) {
  const file = resolve(ROOT, 'dist', source);
  if (!sourceLines.has(file)) sourceLines.set(file, existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);
  const text = sourceLines.get(file)[line] ?? '';
  const at = text.slice(column);
  const declared = /^(?:async\s+)?function\s*\*?\s*([\w$]+)/.exec(at) ?? /^(?:async\s+|get\s+|static\s+)*([\w$]+)\s*\(/.exec(at);
  if (declared) return declared[1];
  const assigned = /([\w$]+)\s*[:=]\s*(?:async\s*)?$/.exec(text.slice(0, column));
  return assigned ? assigned[1] : '(anonymous)';
}

/** "core/load/parse-file.ts:123 parsePlaybookText" for a frame of the bundle; node internals as they are. */
function describeFrame(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  const file = callFrame.url.startsWith('file://') ? fileURLToPath(callFrame.url) : callFrame.url;
  const sourceMap = file.startsWith(BUNDLE_FOLDER) ? loadSourceMap(file) : undefined;
  if (sourceMap) {
    const entry = sourceMap.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (entry?.originalSource) {
      const source = entry.originalSource.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
      const original = nameInSource(entry.originalSource, entry.originalLine, entry.originalColumn);
      return `${source}:${entry.originalLine + 1} ${original ?? name}`;
    }
  }
  return `${callFrame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${callFrame.lineNumber + 1} ${name}`;
}

function areaOf(label) {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(label);
  if (pkg) return pkg[1];
  if (/^(core|cli)\//.test(label)) return label.split('/').slice(0, 2).join('/');
  if (/^\((garbage collector|program|idle|root)\)/.test(label)) return label.split(' ')[0];
  return 'node internals';
}

/** Self and inclusive milliseconds per function (recursion counted once per sample). */
export function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const labels = new Map(profile.nodes.map((node) => [node.id, describeFrame(node.callFrame)]));
  const self = new Map();
  const inclusive = new Map();
  const areas = new Map();
  const { samples, timeDeltas } = profile;
  for (let index = 0; index < samples.length; index += 1) {
    const milliseconds = (timeDeltas[index + 1] ?? 0) / 1000;
    const leaf = samples[index];
    const leafLabel = labels.get(leaf);
    self.set(leafLabel, (self.get(leafLabel) ?? 0) + milliseconds);
    areas.set(areaOf(leafLabel), (areas.get(areaOf(leafLabel)) ?? 0) + milliseconds);
    const seen = new Set();
    for (let id = leaf; id !== undefined && byId.has(id); id = parent.get(id)) {
      const label = labels.get(id);
      if (seen.has(label)) continue;
      seen.add(label);
      inclusive.set(label, (inclusive.get(label) ?? 0) + milliseconds);
    }
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  return { total, self, inclusive, areas };
}

const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
  if (positionals.length !== 1) throw new Error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top 20]');
  const top = Number(values.top);
  const { total, self, inclusive, areas } = summariseProfile(JSON.parse(readFileSync(positionals[0], 'utf8')));
  console.log(`Profile: ${total.toFixed(0)} ms sampled`);
  console.log('\nSelf time by package / folder:');
  for (const [area, ms] of sorted(areas).slice(0, 12)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${area}`);
  console.log(`\nTop ${top} functions by self time:`);
  for (const [label, ms] of sorted(self).slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${label}`);
  console.log(`\nTop ${top} Flywheel functions by inclusive time:`);
  for (const [label, ms] of sorted(inclusive).filter(([label]) => /^(core|cli)\//.test(label)).slice(0, top)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${label}`);
  }
}
