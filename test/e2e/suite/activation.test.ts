/** Runs inside the extension host: the extension is installed, activates, and registers its commands. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'monitoring-lab.monitoring-lab';

describe('Monitoring Lab extension (in the extension host)', () => {
  it('is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      ext,
      `extension ${EXTENSION_ID} not found; loaded: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
    assert.strictEqual((ext.packageJSON as { name?: unknown }).name, 'monitoring-lab');
  });

  it('activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('is the extension under test: the unpacked .vsix when the run names one (production entry bundle ≤ 300 KB)', function () {
    const expected = process.env.MLAB_E2E_EXTENSION_DIR;
    if (!expected) this.skip(); // MLAB_E2E_DEV=1: the development build
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.strictEqual(path.resolve(ext.extensionPath), path.resolve(expected!));
    const entry = fs.statSync(path.join(ext.extensionPath, 'dist', 'extension.js')).size;
    assert.ok(entry <= 300 * 1024, `the entry bundle is ${entry} bytes: not the production build`);
  });

  it('registers monitoringLab.start', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('monitoringLab.start'), 'monitoringLab.start is not among the registered commands');
  });
});
