/**
 * The in-host suite under desktop VS Code via @vscode/test-electron, for machines that can download VS Code.
 * (On machines without access to update.code.visualstudio.com, use test/e2e/run.sh, which runs the same suite in
 * code-server.) Run after `npm run build && npm run build:tests`: `node out/test/e2e/electron.js`.
 * VSCODE_TEST_VERSION picks the VS Code version (default: stable).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // out/test/e2e/electron.js -> repository root
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'suite', 'index.js');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-electron-ws-'));
  try {
    const exitCode = await runTests({
      ...(process.env.VSCODE_TEST_VERSION ? { version: process.env.VSCODE_TEST_VERSION } : {}),
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    process.exitCode = exitCode;
  } catch (err) {
    console.error('e2e (electron): tests failed or VS Code could not be started:', err);
    process.exitCode = 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
