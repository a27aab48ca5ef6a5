import { afterEach, describe, expect, it } from 'vitest';
import { renderDashboardHtml } from './dashboard-html';
import { buildSampleReport } from './fixtures/sample-report';
import { useLanguage } from './fixtures/use-language';

afterEach(() => useLanguage('en'));

const render = (lang: 'en' | 'zh-CN' = 'en') => renderDashboardHtml(buildSampleReport(), { nonce: 'bm9uY2Utdmal', cspSource: 'vscode-webview://abc', lang });

/** The `d` attribute of the path with a class inside the chart of a key result. */
function pathOf(html: string, keyResult: string, kind: string): string | undefined {
  const chart = html.match(new RegExp(`<svg class="chart"[^>]*data-key-result="${keyResult}"[\\s\\S]*?</svg>`))?.[0] ?? '';
  return chart.match(new RegExp(`<path class="${kind}" d="([^"]*)"`))?.[1];
}

describe('dashboard page', () => {
  it('allows only its own nonce: a strict CSP, no remote or inline-attribute scripts or styles', () => {
    const html = render();
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    expect(csp).toBe("default-src 'none'; img-src vscode-webview://abc data:; style-src 'nonce-bm9uY2Utdmal'; script-src 'nonce-bm9uY2Utdmal'");
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="bm9uY2Utdmal">');
    expect(html).toContain('<style nonce="bm9uY2Utdmal">');
    expect(html).not.toMatch(/\ssrc=|https?:\/\/|\sstyle=|\son[a-z]+=/);
  });

  it('draws actual, expected path and forecast per key result, on one time axis from window start to end', () => {
    const html = render();
    // Three measured points, a straight path baseline → target, forecast from now to the window end.
    expect(pathOf(html, 'followers-10k', 'actual')?.split(' ')).toHaveLength(3);
    expect(pathOf(html, 'followers-10k', 'expected')?.split(' ')).toHaveLength(2);
    const forecast = pathOf(html, 'followers-10k', 'forecast')?.split(' ') ?? [];
    const actual = pathOf(html, 'followers-10k', 'actual')?.split(' ') ?? [];
    expect(forecast[0]?.slice(1)).toBe(actual.at(-1)?.slice(1));
    const endX = Number(forecast[1]?.slice(1).split(',')[0]);
    expect(pathOf(html, 'followers-10k', 'expected')?.split(' ')[1]?.slice(1).split(',')[0]).toBe(String(endX));
    // Higher values are drawn higher up (smaller y): the forecast rises past the target.
    const y = (point: string | undefined) => Number(point?.split(',')[1]);
    expect(y(forecast[1])).toBeLessThan(y(forecast[0]));
    expect(pathOf(html, 'sop-coverage', 'actual')?.split(' ')).toHaveLength(2);
    // Dates on the axis are read in the workspace time zone: the window starts on 1 October there.
    expect(html).toContain('>2026-10-01</text>');
    expect(html).toContain('>2026-12-31</text>');
    // The value axis has 3-5 round ticks with gridlines, from below the baseline to the target.
    const chart = html.match(/<svg class="chart"[^>]*data-key-result="followers-10k"[\s\S]*?<\/svg>/)?.[0] ?? '';
    const ticks = [...chart.matchAll(/text-anchor="end">([\d,]+)<\/text>/g)].map((match) => match[1]);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(Number(ticks.at(-1)?.replace(/,/g, ''))).toBeGreaterThanOrEqual(10_000);
    expect(chart.match(/class="grid"/g)).toHaveLength(ticks.length);
    // A labelled today line and a legend of the chart's own.
    expect(chart).toContain('>today</text>');
    expect(chart).toContain('>expected path</text>');
  });

  it('shows status chips, the checks firing now and the next publishes, and says why a chart is missing', () => {
    const html = render();
    expect(html).toMatch(/<span class="chip status-off-track">off track<\/span><a data-open-goal="phase-1-cold-start">短期: 搭建体系与冷启动<\/a>/);
    expect(html).toMatch(/<section class="checks">[\s\S]*negative-spike[\s\S]*<\/section>/);
    expect(html).not.toMatch(/<section class="checks">[\s\S]*community-churn[\s\S]*<\/section>/);
    expect(html).toMatch(/2026-11-28 09:00<\/td><td>spring-festival-2027\/teaser<\/td><td>douyin-main \[b\]<\/td><td><span class="chip status-at-risk">not approved/);
    expect(html.match(/No chart:/g)).toHaveLength(3);
  });

  it('escapes text from the playbooks', () => {
    const html = render();
    expect(html).toContain('积累 &lt;1000&gt; 名种子用户');
    expect(html).not.toContain('<1000>');
  });

  it('renders in Chinese', () => {
    useLanguage('zh-CN');
    const html = render('zh-CN');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('acme-newmedia 的目标');
    // The workspace's display title when the report has one, not its slug.
    const titled = renderDashboardHtml({ ...buildSampleReport(), title: 'ACME 新媒体部' }, { nonce: 'bm9uY2Utdmal', cspSource: 'vscode-webview://abc', lang: 'zh-CN' });
    expect(titled).toContain('<h1>ACME 新媒体部 的目标</h1>');
    expect(html).toContain('正在触发的检查');
    expect(html).toContain('今日应达: 6,933.525');
    expect(html).toContain('>2026/10/01</text>');
  });
});
