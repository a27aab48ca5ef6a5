import { hostname } from 'node:os';
import { compilePlan, createNameBook, folderFileProvider, formatLocal, type NameBook } from '../../core/index';
import { LocalRunner } from '../../functions/engine/local-runner';
import type { HeldPost, PauseScope, PauseState } from '../../functions/engine/pause';
import { StoreEngineState } from '../../functions/engine/store-state';
import { outboxFolder } from '../deployed-state';
import { openLocalStore } from '../local-store';
import type { CliIo } from '../output';
import { usageError } from '../usage';
import { describeLatePost } from './run';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';
import { describeEvent } from './timeline';

const PAUSE_HELP = `Usage: flywheel pause [dir=playbooks] [--channels <id,id…> | --campaigns <id,id…>] [--by <person>] [--lang en|zh-CN]

Pauses publishing in the workspace's local store (.flywheel/; a running \`flywheel run\` sees it at
its next post): every post due on the paused channels (all of them without --channels) or
campaigns is held, not sent and not dropped, and gives post.held. \`flywheel resume\` ends the pause.

用法：flywheel pause [目录=playbooks] [--channels <渠道,…> | --campaigns <活动,…>] [--by <人员>]
暂停发布（本地状态 .flywheel/，正在运行的 flywheel run 在下一条内容时生效）：暂停的渠道（不加 --channels 即全部渠道）或活动上
到期的内容保留、不发送，并产生 post.held。用 flywheel resume 恢复。
`;

const RESUME_HELP = `Usage: flywheel resume [dir=playbooks] [--release] [--lang en|zh-CN]

Ends the pause and lists the posts it held: their time has passed, so they are not sent by
themselves. --release sends them now, oldest first, marked late.

用法：flywheel resume [目录=playbooks] [--release]
结束暂停，并列出暂停期间保留的内容：它们的发布时间已过，不会自动发送。加 --release 立即按时间顺序补发，并标注为延迟发送。
`;

const list = (value: string | undefined) => (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');

function describeScope(scope: PauseScope, names: NameBook): string {
  const zh = names.lang === 'zh-CN';
  const separator = zh ? '、' : ', ';
  if ('campaigns' in scope) return `${zh ? '活动' : 'campaigns'} ${scope.campaigns.map((id) => names.campaign(id)).join(separator)}`;
  if (scope.channels === 'all') return zh ? '全部渠道' : 'all channels';
  return `${zh ? '渠道' : 'channels'} ${scope.channels.map((id) => names.channel(id)).join(separator)}`;
}

function describeHeld(post: HeldPost, names: NameBook, zone: string): string {
  const title = post.variant ? names.variant(post.campaign, post.post, post.variant) : names.post(post.campaign, post.post);
  return names.lang === 'zh-CN'
    ? `  ${formatLocal(post.at, zone)}（${zone}）「${title}」（${names.campaign(post.campaign)}）→ ${names.channel(post.channel)}`
    : `  ${formatLocal(post.at, zone)} (${zone}) "${title}" (${names.campaign(post.campaign)}) → ${names.channel(post.channel)}`;
}

/** `flywheel pause`: holds every post due on some channels or campaigns until `flywheel resume`. */
export async function runPause(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, PAUSE_HELP, { channels: { type: 'string' }, campaigns: { type: 'string' }, by: { type: 'string' } }, ['text']);
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const values = args.options as { channels?: string; campaigns?: string; by?: string };
  if (values.channels !== undefined && values.campaigns !== undefined) return usageError(io, 'give --channels or --campaigns, not both / --channels 与 --campaigns 只能选一个', PAUSE_HELP);
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const { model } = result;
  const workspace = model.workspaces[0]?.value.spec;
  const zh = lang === 'zh-CN';
  let scope: PauseScope;
  if (values.campaigns !== undefined) {
    const campaigns = list(values.campaigns);
    const known = new Set(model.campaigns.map((entry) => entry.name));
    const unknown = campaigns.filter((id) => !known.has(id));
    if (campaigns.length === 0 || unknown.length > 0) {
      return usageError(io, `--campaigns: ${campaigns.length === 0 ? 'no campaign given / 未指定活动' : `no campaign ${unknown.join(', ')} in the workspace (known: ${[...known].join(', ')}) / 工作区中没有活动 ${unknown.join('、')}`}`, PAUSE_HELP);
    }
    scope = { campaigns };
  } else if (values.channels !== undefined && values.channels !== 'all') {
    const channels = list(values.channels);
    const known = new Set((workspace?.channels ?? []).map((channel) => channel.id));
    const unknown = channels.filter((id) => !known.has(id));
    if (channels.length === 0 || unknown.length > 0) {
      return usageError(io, `--channels: ${channels.length === 0 ? 'no channel given / 未指定渠道' : `no channel ${unknown.join(', ')} in the workspace (known: ${[...known].join(', ')}) / 工作区中没有渠道 ${unknown.join('、')}`}`, PAUSE_HELP);
    }
    scope = { channels };
  } else {
    scope = { channels: 'all' };
  }
  if (values.by !== undefined && !(workspace?.people ?? []).some((person) => person.id === values.by)) {
    return usageError(io, `--by: no person ${values.by} in the workspace's people / 工作区 people 中没有 ${values.by}`, PAUSE_HELP);
  }
  const names = createNameBook(model, lang);
  const zone = workspace?.timezone ?? 'UTC';
  const now = Date.now();
  const local = await openLocalStore(dir, { command: 'pause' });
  try {
    const state = new StoreEngineState(local.store);
    const before = await state.getPause();
    await state.putPause({ scope, since: now, ...(values.by ? { by: values.by } : {}), held: before?.held ?? [] });
  } finally {
    await local.close();
  }
  io.out(zh
    ? `已暂停发布：${describeScope(scope, names)}，自 ${formatLocal(now, zone)}（${zone}）起。到期的内容保留、不发送；恢复请运行 flywheel resume。\n`
    : `Publishing paused: ${describeScope(scope, names)}, from ${formatLocal(now, zone)} (${zone}). Posts due are held, not sent; run flywheel resume to end the pause.\n`);
  return 0;
}

/** `flywheel resume`: ends the pause; lists the posts it held, and with --release sends them now, in order, marked late. */
export async function runResume(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, RESUME_HELP, { release: { type: 'boolean' } }, ['text']);
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const release = args.options.release === true;
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const { model } = result;
  const zh = lang === 'zh-CN';
  const names = createNameBook(model, lang);
  const zone = model.workspaces[0]?.value.spec.timezone ?? 'UTC';
  const now = Date.now();
  const local = await openLocalStore(dir, { command: 'resume' });
  try {
    const state = new StoreEngineState(local.store);
    const pause: PauseState = (await state.getPause()) ?? { held: [] };
    if (!pause.scope && pause.held.length === 0) {
      io.out(zh ? '当前没有暂停，也没有待处理的保留内容。\n' : 'Publishing is not paused and no held post is waiting.\n');
      return 0;
    }
    if (pause.scope) {
      await state.putPause({ held: pause.held });
      io.out(zh ? `已恢复发布（此前暂停：${describeScope(pause.scope, names)}）。\n` : `Publishing resumed (was paused: ${describeScope(pause.scope, names)}).\n`);
    }
    const held = [...pause.held].sort((left, right) => left.at - right.at);
    if (held.length === 0) return 0;
    if (!release) {
      io.out(zh
        ? `暂停期间保留了 ${held.length} 条内容，发布时间已过，不会自动发送：\n${held.map((post) => describeHeld(post, names, zone)).join('\n')}\n如需现在按时间顺序补发，请运行 flywheel resume --release。\n`
        : `${held.length} post${held.length === 1 ? ' was' : 's were'} held while paused; their time has passed, so they are not sent by themselves:\n${held.map((post) => describeHeld(post, names, zone)).join('\n')}\nRun flywheel resume --release to send them now, oldest first.\n`);
      return 0;
    }
    const runner = new LocalRunner({
      model, plan: compilePlan(model, folderFileProvider(dir)), store: local.store, files: folderFileProvider(dir), outboxFolder: outboxFolder(dir),
      log: (event) => io.out(`${describeEvent(event, zone, lang, names)}\n`),
      holder: { pid: process.pid, host: hostname(), startedAt: now },
      late: (post) => io.out(`${describeLatePost(names, post, zone)}\n`),
    });
    const sent = new Set(await runner.release(held.map((post) => post.jobId), now));
    const gone = held.filter((post) => !sent.has(post.jobId));
    await state.putPause({ held: [] });
    if (gone.length > 0) {
      io.out(zh
        ? `以下内容已不在剧本中，未发送：\n${gone.map((post) => describeHeld(post, names, zone)).join('\n')}\n`
        : `Not sent, no longer in the playbooks:\n${gone.map((post) => describeHeld(post, names, zone)).join('\n')}\n`);
    }
    return 0;
  } finally {
    await local.close();
  }
}
