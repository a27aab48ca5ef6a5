import { hostname } from 'node:os';
import { compilePlan, createNameBook, folderFileProvider, formatLocal, workspaceLanguage } from '../../core/index';
import { collectDefinitions, type EngineEvent } from '../../functions/engine/index';
import { LocalRunner } from '../../functions/engine/local-runner';
import { StoreEngineState } from '../../functions/engine/store-state';
import { outboxFolder } from '../deployed-state';
import { openLocalStore } from '../local-store';
import type { CliIo } from '../output';
import { usageError } from '../usage';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';
import { describeEvent } from './timeline';

const HELP = `Usage: flywheel ack <check> [dir=playbooks] [--by <person>] [--note <text>] [--lang en|zh-CN]

Acknowledges a firing check in the workspace's local store (.flywheel/): the steps of its SOPs
marked unlessResolved stop as if it had resolved, the SOPs' targets are told who acknowledged it,
and the next review (flywheel report, a report step) lists it. It counts until the check resolves
or fires again.

用法：flywheel ack <检查> [目录=playbooks] [--by <人员>] [--note <说明>]
确认处理一个正在触发的检查（本地状态 .flywheel/）：其 SOP 中标注 unlessResolved 的步骤视同已恢复、不再发送；
通知 SOP 的对象由谁确认；下一次复盘会列出。检查恢复或再次触发后失效。
`;

/** `flywheel ack`: a person acknowledges a firing check; escalation stops and the SOP's targets hear of it. */
export async function runAck(argv: string[], io: CliIo): Promise<number> {
  // The check comes first: `flywheel ack negative-spike [dir]`.
  const first = argv[0];
  const check = first !== undefined && !first.startsWith('-') ? first : undefined;
  const rest = check === undefined ? argv : argv.slice(1);
  const args = parseWorkspaceArgs(io, rest, HELP, { by: { type: 'string' }, note: { type: 'string' } }, ['text']);
  if (typeof args === 'number') return args;
  if (check === undefined) return usageError(io, 'name the check to acknowledge / 请指定要确认的检查', HELP);
  const { lang, dir } = args;
  const values = args.options as { by?: string; note?: string };
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const { model } = result;
  const definitions = collectDefinitions(model);
  const definition = definitions.checks.get(check);
  if (!definition) return usageError(io, `no check ${check} in the workspace (checks: ${[...definitions.checks.keys()].join(', ')}) / 工作区中没有检查 ${check}`, HELP);
  const people = model.workspaces[0]?.value.spec.people ?? [];
  const person = values.by === undefined ? undefined : people.find((candidate) => candidate.id === values.by);
  if (values.by !== undefined && !person) return usageError(io, `--by: no person ${values.by} in the workspace's people / 工作区 people 中没有 ${values.by}`, HELP);
  const zone = model.workspaces[0]?.value.spec.timezone ?? 'UTC';
  const names = createNameBook(model, lang);
  const zh = lang === 'zh-CN';
  const now = Date.now();
  const local = await openLocalStore(dir, { command: 'ack' });
  try {
    const state = new StoreEngineState(local.store);
    if (!(await state.getCheckState(check))?.firing) {
      io.err(zh ? `检查「${names.check(check)}」当前没有触发，无需确认。\n` : `Check "${names.check(check)}" is not firing: there is nothing to acknowledge.\n`);
      return 1;
    }
    await state.putAcknowledgement(check, { at: now, ...(values.by ? { by: values.by } : {}), ...(values.note ? { note: values.note } : {}) });
    // Announced in the workspace's language, to every target of the SOPs this check starts (its own targets when it starts none).
    const messageNames = createNameBook(model, workspaceLanguage(model));
    const messageZh = messageNames.lang === 'zh-CN';
    const who = person?.name ?? values.by;
    const time = `${formatLocal(now, zone)}${messageZh ? `（${zone}）` : ` (${zone})`}`;
    const message = messageZh
      ? `检查「${messageNames.check(check)}」已${who ? `由${who}` : ''}确认处理（${time}）${values.note ? `：${values.note}` : ''}。后续升级步骤不再发送。`
      : `Check "${messageNames.check(check)}" was acknowledged${who ? ` by ${who}` : ''} at ${time}${values.note ? `: ${values.note}` : ''}. Its escalation steps stop.`;
    const targets = new Set(definition.sops.flatMap((sop) => (definitions.sops.get(sop)?.steps ?? []).flatMap((step) => step.notify ?? [])));
    if (targets.size === 0) for (const target of definition.notify) targets.add(target);
    const events: EngineEvent[] = [
      { type: 'check.acknowledged', at: now, check, ...(values.by ? { by: values.by } : {}), ...(values.note ? { note: values.note } : {}) },
      ...[...targets].map((target): EngineEvent => ({ type: 'notify', at: now, target, message })),
    ];
    const runner = new LocalRunner({
      model, plan: compilePlan(model, folderFileProvider(dir)), store: local.store, files: folderFileProvider(dir), outboxFolder: outboxFolder(dir),
      log: (event) => io.out(`${describeEvent(event, zone, lang, names)}\n`), holder: { pid: process.pid, host: hostname(), startedAt: now },
    });
    await runner.announce(events);
    return 0;
  } finally {
    await local.close();
  }
}
