#!/usr/bin/env node
// `npm start`: runs Flywheel locally on the sample workspace, moved to today (scripts/sample-today.mjs).
// Arguments after `npm start --` go to `flywheel run` (for example `npm start -- --once`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDate, prepareSampleToday, SAMPLE_TODAY } from './sample-today.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'playbooks');
const home = join(root, 'sample-today');
const timeZone = /^\s*timezone:\s*([\w/+-]+)/m.exec(readFileSync(join(source, 'workspace.yaml'), 'utf8'))?.[1] ?? 'UTC';
const today = localDate(Date.now(), timeZone);
const { workspace, days, fresh } = prepareSampleToday({ source, home, today });

const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
const zh = /^zh/i.test(locale) || process.argv.includes('--lang=zh-CN') || process.argv.slice(2).join(' ').includes('--lang zh');
const where = relative(root, workspace);
const moved = zh
  ? `示例工作区 playbooks/ 以 ${SAMPLE_TODAY} 为"今天"编写；已整体顺延 ${days} 天到今天（${today}，${timeZone}），副本在 ${where}/。${fresh ? '' : '继续今天已有的运行状态。'}\n`
  : `The sample workspace playbooks/ is written as of ${SAMPLE_TODAY}; every date is moved ${days} days to today (${today}, ${timeZone}), in ${where}/.${fresh ? '' : ' Resuming today\'s state.'}\n`;
process.stdout.write(moved);

const child = spawn(process.execPath, [join(root, 'bin', 'flywheel.js'), 'run', workspace, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 1 : 0); });
