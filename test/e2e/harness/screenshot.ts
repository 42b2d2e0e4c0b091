/** PNG screenshots into artifacts/e2e/ (repo-relative, git-ignored), and a PNG sanity check. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { log } from './log';
import { artifactsDir, repoRoot } from './paths';

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(artifactsDir(), `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: false, timeout: 30_000 });
  return file;
}

export interface PngInfo {
  width: number;
  height: number;
  bytes: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the PNG signature and IHDR; throws if the file is not a PNG. */
export function pngInfo(file: string): PngInfo {
  const buf = fs.readFileSync(file);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE) || buf.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bytes: buf.length };
}

/** A screenshot that must show something (a blank page's PNG is a few KB), logged with its size; returns its file. */
export async function checkedScreenshot(page: Page, name: string): Promise<string> {
  const file = await screenshot(page, name);
  const png = pngInfo(file);
  assert.ok(png.bytes > 10_000, `suspiciously small PNG (${png.bytes} bytes): blank page?`);
  log(`screenshot ${path.relative(repoRoot(), file)} (${png.width}x${png.height})`);
  return file;
}
