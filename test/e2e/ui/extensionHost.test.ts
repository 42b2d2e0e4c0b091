/** The in-extension-host suite (out/test/e2e/suite) run inside real VS Code's extension host via the workbench payload. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, runExtensionHostTests, Session, sliceOutput } from '../harness';

describe('in-extension-host suite (code-server)', function () {
  let session: Session | undefined;

  /** The scope check (suite/settingsScope.test.ts): a machine setting that must apply, workspace ones that must not. */
  const SCOPE_PROJECT = 'mlab-e2e-scope-check';

  before(async function () {
    session = await Session.start({ settings: { 'monitoringLab.projectName': SCOPE_PROJECT } });
    const vscodeDir = path.join(session.server.workspace, '.vscode');
    fs.mkdirSync(vscodeDir, { recursive: true });
    fs.writeFileSync(path.join(vscodeDir, 'settings.json'), JSON.stringify({ 'monitoringLab.bindAddress': '0.0.0.0', 'monitoringLab.ports.app': 1 }, null, 2));
  });

  after(async function () {
    await session?.dispose();
  });

  it('runs out/test/e2e/suite inside the extension host and exits 0', async function () {
    const testsPath = path.join(repoRoot(), 'out', 'test', 'e2e', 'suite', 'index.js');
    assert.ok(fs.existsSync(testsPath), `${testsPath} missing: run npm run build:tests`);
    const result = await runExtensionHostTests(session!, testsPath, {
      extensionEnvironment: {
        MLAB_E2E: '1',
        MLAB_E2E_SCOPE_PROJECT: SCOPE_PROJECT,
        ...(process.env.MLAB_E2E_EXTENSION_DIR ? { MLAB_E2E_EXTENSION_DIR: process.env.MLAB_E2E_EXTENSION_DIR } : {}),
      },
      timeoutMs: 180_000,
    });
    // The suite's own lines (from its "[suite] N test file(s)" line to its "[suite] mocha:" summary); all lines on failure.
    const suiteLines = result.exitCode === 0 ? sliceOutput(result.output, '[suite] ', '[suite] mocha:') : result.output;
    console.log(`    ---- extension host output (${suiteLines.length} of ${result.output.length} forwarded log lines) ----`);
    for (const line of suiteLines) for (const l of line.replace(/^\[info\] /, '').split('\n')) console.log(`    | ${l}`);
    console.log(
      `    ---- codeAutomationExit: ${result.exitCode}; workbench rendered ${result.loadMs} ms, suite done ${result.durationMs} ms after navigation ----`,
    );
    assert.ok(
      result.output.some((l) => /\[suite\] mocha: \d+ passing/.test(l)),
      'the suite summary did not arrive through codeAutomationLog',
    );
    assert.strictEqual(result.exitCode, 0, 'codeAutomationExit reported a failure');
  });
});
