// In-process breakdown of `flywheel validate` by phase (read, parse, schema, load, rules, each rule),
// through the core API. Run by bench/run.mjs with tsx: node --import tsx bench/phases.ts <dir>
// The first pass is cold, like the CLI; later passes show the warm (JIT-compiled) cost.
import { performance } from 'node:perf_hooks';
import {
  PlaybookDocumentSchema, RULES, applySuppressions, checkModel, compareDiagnostics, folderFileProvider, loadWorkspace,
  parsePlaybookFile, readPlaybookFolder, type InputFile,
} from '../core/index';

interface PassTimes {
  read: number;
  parse: number;
  schema: number;
  load: number;
  rules: number;
  finish: number;
  diagnostics: number;
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

/**
 * One validation, split the way validateWorkspace runs it. Parse and schema are also timed on
 * their own (the loader interleaves them per file), so `load` is their sum plus building the model.
 */
function measurePass(dir: string): PassTimes {
  const [inputs, read] = timed(() => readPlaybookFolder(dir));
  const [parsed, parse] = timed(() => inputs.map((input: InputFile) => parsePlaybookFile(input.path, input.bytes)));
  const data = parsed.flatMap((file) => file.documents.filter((item) => !item.broken).map((item) => item.data));
  const [, schema] = timed(() => data.forEach((value) => PlaybookDocumentSchema.safeParse(value)));
  const [loaded, load] = timed(() => loadWorkspace(inputs));
  const [found, rules] = timed(() => checkModel(loaded.model, folderFileProvider(dir)));
  const [all, finish] = timed(() => applySuppressions([...loaded.diagnostics, ...found], loaded.model.files).sort(compareDiagnostics));
  return { read, parse, schema, load, rules, finish, diagnostics: all.length };
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: node --import tsx bench/phases.ts <workspace dir>');
const passes = Array.from({ length: 4 }, () => measurePass(dir));
const cold = passes[0] as PassTimes;
const warm = passes.slice(1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const row = (name: string, key: keyof PassTimes) => `| ${name} | ${cold[key].toFixed(0)} | ${median(warm.map((pass) => pass[key])).toFixed(0)} |`;

const inputs = readPlaybookFolder(dir);
const { model } = loadWorkspace(inputs);
const ruleRows = RULES.map((rule) => {
  const times = Array.from({ length: 3 }, () => timed(() => checkModel(model, folderFileProvider(dir), { rules: [rule] }))[1]);
  return { code: rule.code, first: times[0] ?? 0, warm: median(times.slice(1)) };
}).sort((a, b) => b.first - a.first);

console.log(`Phases of one validation, in process (ms; ${cold.diagnostics} diagnostics):`);
console.log('| phase | cold | warm |');
console.log('|---|---:|---:|');
console.log(row('read files (readPlaybookFolder)', 'read'));
console.log(row('parse YAML (parsePlaybookFile, all files)', 'parse'));
console.log(row('schema (zod safeParse of every document)', 'schema'));
console.log(row('load = parse + schema + model (loadWorkspace)', 'load'));
console.log(row('rules (checkModel, incl. reading body/media files)', 'rules'));
console.log(row('suppressions + sort', 'finish'));
console.log('');
console.log('Rules, one at a time (ms, first run / warm):');
for (const { code, first, warm: warmTime } of ruleRows) console.log(`  ${code.padEnd(32)} ${first.toFixed(1).padStart(8)} ${warmTime.toFixed(1).padStart(8)}`);
