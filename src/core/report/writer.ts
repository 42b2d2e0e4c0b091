// Writes a report folder: report.md + charts/*.svg, report.html (self-contained), report.json (the model),
// events.ndjson (every event of the range, exported page by page), SHA256SUMS over every file. The only file
// I/O of core/report. Secrets the caller names are replaced by [redacted] in every file written.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogStore } from '../logs/logStore';
import type { RenderOptions } from './render';
import type { ReportModel } from './model';
import { t } from '../l10n';

/**
 * The renderers, loaded when the first report is written: the extension's build makes ./render a bundle of its own
 * (dist/lazy/reportRender.js) so activation does not load them; the CLI and the tests load the module as usual.
 */
function renderers(): typeof import('./render') {
  return require('./render') as typeof import('./render');
}

export type ReportFormat = 'md' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html'];

export interface WriteOptions extends RenderOptions {
  dir: string;
  formats: readonly ReportFormat[];
  /** Source of events.ndjson; without it the file says why it is empty. */
  logs?: LogStore;
  /** Values that must never appear in a file (demo password, admin token, Grafana password). */
  secrets?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface WrittenReport {
  dir: string;
  files: string[];
  markdown?: string;
  html?: string;
  events: number | { error: string };
}

export const REDACTED = '[redacted]';

/** Replaces every secret (at least 4 characters, so nothing trivial is blanked) in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/** A folder name for now: 2026-11-29T21-40-03Z (sortable, valid on every platform). */
export function reportFolderName(now: number): string {
  return new Date(now)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export async function writeReport(model: ReportModel, options: WriteOptions): Promise<WrittenReport> {
  const { dir, secrets = [] } = options;
  const progress = options.onProgress ?? (() => undefined);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (rel: string, content: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, redact(content, secrets));
    files.push(rel);
  };
  const render: RenderOptions = options.timeZone ? { timeZone: options.timeZone } : {};
  const { buildDocument, renderBlocksMarkdown, renderHtml } = renderers();
  const blocks = buildDocument(model, render);
  const result: WrittenReport = { dir, files, events: 0 };
  if (options.formats.includes('md')) {
    for (const b of blocks) if (b.k === 'chart') write(`charts/${b.file}`, b.svg);
    write('report.md', renderBlocksMarkdown(blocks));
    result.markdown = path.join(dir, 'report.md');
  }
  if (options.formats.includes('html')) {
    write('report.html', renderHtml(model, render));
    result.html = path.join(dir, 'report.html');
  }
  write('report.json', JSON.stringify(model, null, 2));

  progress(t('Exporting the events of the range…'));
  const ndjson = path.join(dir, 'events.ndjson');
  const fd = fs.openSync(ndjson, 'w');
  try {
    if (options.logs && model.sources.elasticsearch.ok) {
      try {
        result.events = await options.logs.exportRaw(
          model.range,
          (docs) => {
            fs.writeSync(fd, redact(docs.map((d) => JSON.stringify(d)).join('\n') + '\n', secrets));
          },
          options.signal,
        );
      } catch (err) {
        result.events = { error: (err as Error).message };
      }
    } else {
      result.events = { error: model.sources.elasticsearch.ok ? 'no log store' : model.sources.elasticsearch.reason };
    }
  } finally {
    fs.closeSync(fd);
  }
  files.push('events.ndjson');

  progress(t('Writing SHA256SUMS…'));
  writeManifest(dir, files);
  files.push('SHA256SUMS');
  return result;
}

/** SHA256SUMS over `files` (default: every file under `dir` but the manifest), in `sha256sum -c` format. */
export function writeManifest(dir: string, files: readonly string[] = listFiles(dir).filter((f) => f !== 'SHA256SUMS')): void {
  const sums = files.map((rel) => `${sha256File(path.join(dir, rel))}  ${rel.split(path.sep).join('/')}`).join('\n') + '\n';
  fs.writeFileSync(path.join(dir, 'SHA256SUMS'), sums);
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]))
    .sort();
}
