import { text } from '../../diagnostics';
import type { Rule } from '../context';

const SIGNED = new Set(['feishu-bot', 'dingtalk-bot', 'webhook']);
const BOTS = new Set(['wecom-bot', 'feishu-bot', 'dingtalk-bot', 'slack']);

/** Notify targets and channels carry what their type needs to deliver. */
export const notifyTargetsRule: Rule = {
  code: 'flywheel/notify-target',
  check(context) {
    for (const entry of context.model.workspaces) {
      for (const target of entry.value.spec.notify ?? []) {
        if (target.type === 'email') {
          if (!target.to || target.to.length === 0) {
            context.report(entry, target, ['type'], 'value', 'error', this.code, text(
              `Email target "${target.id}" has no recipients: add to: [ops@example.com].`, `邮件目标 "${target.id}" 没有收件人: 请添加 to: [ops@example.com]。`));
          }
        } else if (target.url === undefined) {
          context.report(entry, target, ['type'], 'value', 'error', this.code, text(
            `${target.type} target "${target.id}" has no url: add url: secret:NAME (the webhook address, stored as a secret).`,
            `${target.type} 目标 "${target.id}" 没有 url: 请添加 url: secret:名称 (webhook 地址, 以密钥形式保存)。`));
        }
        if (target.secret !== undefined && !SIGNED.has(target.type)) {
          context.report(entry, target, ['secret'], 'key', 'warning', this.code, text(
            `A signing secret is used by feishu-bot, dingtalk-bot and webhook targets only; ${target.type} ignores it.`,
            `签名密钥只用于 feishu-bot、dingtalk-bot 和 webhook 目标; ${target.type} 会忽略它。`));
        }
        if (target.mentions !== undefined && !BOTS.has(target.type)) {
          context.report(entry, target, ['mentions'], 'key', 'warning', this.code, text(
            `mentions only work in group bots; ${target.type} ignores them.`, `mentions 只对群机器人有效; ${target.type} 会忽略。`));
        }
      }
      for (const channel of entry.value.spec.channels ?? []) {
        if ((channel.platform === 'mastodon' || channel.platform === 'webhook') && channel.instance === undefined) {
          context.report(entry, channel, ['platform'], 'value', 'error', this.code, text(
            `A ${channel.platform} channel needs instance: the server address (e.g. https://mastodon.social).`,
            `${channel.platform} 渠道需要 instance: 服务器地址 (例如 https://mastodon.social)。`));
        }
      }
    }
  },
};
