/*
 * Debian's Chromium through playwright-core, as the page tests open it, and the checks they share.
 * Type-checked with the DOM library (tsconfig.dom.json): the functions passed to page.evaluate run
 * in the page.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Without the networking flags Chromium keeps calling Google's hosts on a closed network. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Whether a CJK font is installed (fonts-wqy-microhei): without one Chinese draws as boxes. */
export function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/**
 * Draws two characters and an unassigned code point in the body's font. A missing font draws every
 * character as the same box, so real glyphs differ from each other and from the box.
 */
export async function drawGlyphs(page: Page, first: string, second: string): Promise<{ first: string; second: string; missing: string }> {
  return page.evaluate(([a, b]) => {
    const draw = (text: string) => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.font = `32px ${getComputedStyle(document.body).fontFamily}`;
      context.fillText(text, 2, 32);
      return Array.from(context.getImageData(0, 0, 40, 40).data).join(',');
    };
    return { first: draw(a as string), second: draw(b as string), missing: draw('\u{F0000}') };
  }, [first, second]);
}
