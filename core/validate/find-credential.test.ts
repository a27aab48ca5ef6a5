import { describe, expect, it } from 'vitest';
import { findCredential } from './find-credential';

// Fake credentials in the shapes the services issue (none of them is real).
const SLACK_HOOK = 'https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const TELEGRAM = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const DISCORD_BOT = 'MTA4NjQ3NTQ2MzQ0MjIzNzU4Ng.GbXyZa.abcdefghijklmnopqrstuvwxyz0123456';

describe('findCredential', () => {
  const positives: [string, string][] = [
    [SLACK_HOOK, 'Slack webhook'],
    ['xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', 'Slack token'],
    ['xoxp-1234567890-0987654321-AbCdEfGhIjKlMnOp', 'Slack token'],
    ['https://discord.com/api/webhooks/123456789012345678/abcdefGHIJKLmnopQRST-uvwxyz_0123', 'Discord webhook'],
    ['https://discordapp.com/api/webhooks/123456789012345678/abcdefGHIJKLmnop', 'Discord webhook'],
    [`Bot ${DISCORD_BOT}`, 'Discord bot token'],
    [TELEGRAM, 'Telegram bot token'],
    [`https://api.telegram.org/bot${TELEGRAM}/sendMessage`, 'Telegram bot token'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-4e5f-6789-abcd-ef0123456789', 'Feishu/Lark bot webhook'],
    ['https://open.larksuite.com/open-apis/bot/v2/hook/0a1b2c3d-4e5f-6789-abcd-ef0123456789', 'Feishu/Lark bot webhook'],
    ['https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef', 'DingTalk bot webhook'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7abc-4bc4-97a0-0ec2abcdaaaa', 'WeCom bot webhook'],
    // Evasions: percent-encoded names, twice encoded, a parameter in the path or after #, a URL inside text.
    ['https://hooks.example.com/flywheel?%6Bey=abcdef0123456789', 'URL with a credential'],
    ['https://hooks.example.com/flywheel?%256Bey=abcdef0123456789', 'URL with a credential'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?%6B%65%79=693a91f6-7abc-4bc4-97a0-0ec2abcdaaaa', 'WeCom bot webhook'],
    ['https://relay.example.com/forward/token=abcdef0123456789/send', 'URL with a credential'],
    ['https://relay.example.com/hook;key=abcdef0123456789', 'URL with a credential'],
    ['https://hooks.example.com/flywheel#token=abcdef0123456789', 'URL with a credential'],
    ['https://relay.example.com/p/qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7abc', 'WeCom bot webhook'],
    ['失败请通知 https://hooks.example.com/x?sign=abcdef0123456789 谢谢', 'URL with a credential'],
    ['https://user:p4ssw0rd@hooks.example.com/flywheel', 'URL with a credential'],
    ['# 旧地址 https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX', 'Slack webhook'],
  ];
  it.each(positives)('finds %s', (value, name) => {
    expect(findCredential(value)).toBe(name);
  });

  const negatives = [
    'secret:flywheel/ops-webhook',
    'env:SLACK_WEBHOOK',
    'https://hooks.example.com/flywheel',
    'https://example.com/search?q=key%3Dvalue',
    'https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv',
    'https://www.douyin.com/video/7234567890123456789?previous_page=app_code_link',
    'https://example.com/articles/keyboard-tokens-explained',
    'https://example.com/?page=2&sort=desc&keyword=618',
    '活动时间 2027-06-18 20:00:00，限时优惠 50% 折扣',
    '请在 10:30 前确认：AA 制聚餐 123456:AA 两人',
    'media/cover-2027.v2.png',
    '本地读环境变量 FLYWHEEL_SECRET_FLYWHEEL_WECHAT_MAIN 这类), 严禁明文 token',
  ];
  it.each(negatives)('does not flag %s', (value) => {
    expect(findCredential(value)).toBeUndefined();
  });
});
