import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLE = join(import.meta.dirname, '..', '..', 'playbooks');
const TOPICS = ['门店故事', '冲煮教程', '新品预告', '周末活动', '用户来信', '幕后花絮'];

/**
 * A copy of the sample workspace with one more campaign of `posts` generated posts (inline
 * bodies, one channel, distinct minutes inside the sample's window), in a new temp folder.
 * Used to show that the stack does not grow with the playbook.
 */
export function sampleWithPosts(posts: number): string {
  const root = mkdtempSync(join(tmpdir(), `flywheel-posts-${posts}-`));
  const dir = join(root, 'playbooks');
  cpSync(SAMPLE, dir, { recursive: true });
  const lines = [
    'apiVersion: flywheel/v1',
    'kind: Campaign',
    'metadata:',
    '  name: generated-series',
    '  title: 生成的内容系列',
    'spec:',
    '  window: { start: 2026-12-01, end: 2027-01-31 }',
    '  owner: carol',
    '  review: none',
    '  contentType: user-story',
    '  posts:',
  ];
  for (let index = 0; index < posts; index += 1) {
    // 60 days × 14 hours × 4 quarter-hours: 3,360 distinct slots inside the window.
    const day = index % 60;
    const hour = 8 + (Math.floor(index / 60) % 14);
    const minute = 15 * (Math.floor(index / 840) % 4);
    const date = new Date(Date.UTC(2026, 11, 1 + day));
    const at = `${date.toISOString().slice(0, 10)} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    const topic = TOPICS[index % TOPICS.length];
    lines.push(
      `    - id: gen-${String(index + 1).padStart(5, '0')}`,
      `      at: ${at}`,
      '      channels: [wechat-main]',
      `      title: ${topic} 第 ${index + 1} 期`,
      `      body: 这是第 ${index + 1} 期${topic}, 欢迎在评论区分享你的想法。`,
      // WeChat Official Account posts need a cover (a platform limit): reuse one of the sample's.
      '      cover: { file: ../media/user-stories/story-01-cover.png }',
    );
  }
  writeFileSync(join(dir, 'campaigns', 'generated-series.yaml'), `${lines.join('\n')}\n`);
  return dir;
}
