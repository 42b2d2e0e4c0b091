// The extension's entry bundle (what VS Code loads at activation) stays small: the Docker and Elasticsearch
// clients, with their HTTP, TLS and SSH stacks, live in their own bundles (dist/vendor/*.js) loaded on first use.
// Built as the production build does (scripts/check-entry-bundle.mjs, same configuration as scripts/build.mjs).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');
/** The speed issue's budget for dist/extension.js in the production build. */
const MAX_ENTRY_BYTES = 300 * 1024;
/** Packages that must never be in the entry bundle (their own bundles load on first use). */
const HEAVY = ['dockerode', 'docker-modem', '@elastic/elasticsearch', '@elastic/transport', 'undici', 'ssh2', 'tar-fs', 'yaml'];

describe('architecture: the extension entry bundle', function () {
  this.timeout(60_000);
  let report: {
    bytes: number;
    packages: string[];
    inputs: string[];
    external: string[];
    loaded: { modules?: string[]; error?: string };
    webview: Record<string, number>;
    maxWebviewBytes: number;
  };

  before(() => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'check-entry-bundle.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    report = JSON.parse(run.stdout) as typeof report;
  });

  it('bundles none of the Docker or Elasticsearch client packages', () => {
    const found = report.packages.filter((p) => HEAVY.includes(p));
    assert.deepEqual(found, [], `in the entry bundle: ${found.join(', ')}`);
  });

  it('loads each client from its vendor bundle, which the build writes', () => {
    assert.ok(report.external.includes('./vendor/dockerode.js'), JSON.stringify(report.external));
    assert.ok(report.external.includes('./vendor/elasticsearch.js'), JSON.stringify(report.external));
    const config = fs.readFileSync(path.join(repoRoot, 'scripts', 'build-config.mjs'), 'utf8');
    assert.match(config, /outdir: 'dist\/vendor'/);
  });

  it("loads the report's renderers from their own bundle (dist/lazy/reportRender.js), which the build writes", () => {
    assert.ok(report.external.includes('./lazy/reportRender.js'), JSON.stringify(report.external));
    assert.deepEqual(
      report.inputs.filter((f) => /src\/core\/report\/(document|html|markdown)\.ts$/.test(f)),
      [],
      'a renderer is bundled into the entry',
    );
    const config = fs.readFileSync(path.join(repoRoot, 'scripts', 'build-config.mjs'), 'utf8');
    assert.match(config, /outdir: 'dist\/lazy'/);
  });

  it('loads without its vendor bundles (nothing requires them at load time, only on first use)', () => {
    assert.equal(report.loaded.error, undefined, `loading the entry bundle alone failed: ${report.loaded.error}`);
    assert.deepEqual(report.loaded.modules, ['extension.js'], 'the entry bundle required other files while loading');
  });

  it(`is at most ${MAX_ENTRY_BYTES / 1024} KiB minified`, () => {
    assert.ok(report.bytes <= MAX_ENTRY_BYTES, `dist/extension.js would be ${(report.bytes / 1024).toFixed(0)} KiB`);
  });

  it('every panel page bundle (charts included) stays within the webview budget of 150 KiB minified', () => {
    assert.equal(report.maxWebviewBytes, 150 * 1024);
    assert.deepEqual(Object.keys(report.webview).sort(), ['securityEvents', 'systemMetrics']);
    const over = Object.entries(report.webview).filter(([, bytes]) => bytes > report.maxWebviewBytes);
    assert.deepEqual(over, [], `over budget: ${over.map(([n, b]) => `${n} ${(b / 1024).toFixed(0)} KiB`).join(', ')}`);
  });
});
