/** Runs inside the extension host: the extension is installed, activates, and registers its commands. */
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'monitoring-lab.monitoring-lab';

describe('Monitoring Lab extension (in the extension host)', () => {
  it('is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found; loaded: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    assert.strictEqual(ext.packageJSON.name, 'monitoring-lab');
  });

  it('activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers monitoringLab.start', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('monitoringLab.start'), 'monitoringLab.start is not among the registered commands');
  });
});
