/**
 * Runs inside the extension host: where the lab listens and what it runs are machine-scoped settings. A workspace's
 * .vscode/settings.json cannot set them (the harness writes bindAddress 0.0.0.0 and ports.app 1 there), while the
 * user's own settings can (the harness writes the project name there). Without "scope": "machine" in package.json
 * the first check fails (checked: the workspace's 0.0.0.0 wins).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

const expectedProject = process.env.MLAB_E2E_SCOPE_PROJECT;

describe('machine-scoped settings (in the extension host)', () => {
  before(function () {
    if (!expectedProject) this.skip(); // only the scope session sets the stage for this check
  });

  it('a workspace settings.json cannot set the bind address or a port', () => {
    const config = vscode.workspace.getConfiguration('monitoringLab');
    assert.strictEqual(config.get('bindAddress'), '127.0.0.1', `bindAddress: ${JSON.stringify(config.inspect('bindAddress'))}`);
    assert.strictEqual(config.get('ports.app'), 8088, `ports.app: ${JSON.stringify(config.inspect('ports.app'))}`);
  });

  it('the user settings still set them', () => {
    const config = vscode.workspace.getConfiguration('monitoringLab');
    assert.strictEqual(config.get('projectName'), expectedProject, `projectName: ${JSON.stringify(config.inspect('projectName'))}`);
  });
});
