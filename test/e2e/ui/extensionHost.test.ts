/** The in-extension-host suite (out/test/e2e/suite) run inside real VS Code's extension host via the workbench payload. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, runExtensionHostTests, Session, sliceOutput } from '../harness';

describe('in-extension-host suite (code-server)', function () {
  let session: Session | undefined;

  before(async function () {
    session = await Session.start();
  });

  after(async function () {
    await session?.dispose();
  });

  it('runs out/test/e2e/suite inside the extension host and exits 0', async function () {
    const testsPath = path.join(repoRoot(), 'out', 'test', 'e2e', 'suite', 'index.js');
    assert.ok(fs.existsSync(testsPath), `${testsPath} missing: run npm run build:tests`);
    const result = await runExtensionHostTests(session!, testsPath, {
      extensionEnvironment: { MLAB_E2E: '1' },
      timeoutMs: 180_000,
    });
    // The suite's own lines (from its "[suite] N test file(s)" line to its "[suite] mocha:" summary); all lines on failure.
    const suiteLines = result.exitCode === 0 ? sliceOutput(result.output, '[suite] ', '[suite] mocha:') : result.output;
    console.log(`    ---- extension host output (${suiteLines.length} of ${result.output.length} forwarded log lines) ----`);
    for (const line of suiteLines) for (const l of line.replace(/^\[info\] /, '').split('\n')) console.log(`    | ${l}`);
    console.log(`    ---- codeAutomationExit: ${result.exitCode}; workbench rendered ${result.loadMs} ms, suite done ${result.durationMs} ms after navigation ----`);
    assert.ok(result.output.some((l) => /\[suite\] mocha: \d+ passing/.test(l)), 'the suite summary did not arrive through codeAutomationLog');
    assert.strictEqual(result.exitCode, 0, 'codeAutomationExit reported a failure');
  });
});
