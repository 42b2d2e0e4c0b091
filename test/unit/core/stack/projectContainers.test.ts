import * as assert from 'node:assert/strict';
import type { ExistingContainer } from '../../../../src/core/stack/engine/projectContainers';
import { decideAction, isLeftoverReplacement, replacementName } from '../../../../src/core/stack/engine/projectContainers';

const container = (over: Partial<ExistingContainer>): ExistingContainer => ({
  id: 'f00dfeedbeef0123456789',
  name: 'mlab-prometheus-1',
  service: 'prometheus',
  state: 'running',
  status: 'Up 1 minute',
  configHash: 'h1',
  imageId: 'sha256:1',
  labels: {},
  ...over,
});

describe('core/stack project containers', () => {
  it('names a replacement after the first 12 characters of the old id, as compose does', () => {
    assert.equal(replacementName('f00dfeedbeef0123456789', 'mlab-prometheus-1'), 'f00dfeedbeef_mlab-prometheus-1');
  });

  it('recognises a leftover replacement of exactly that service, and nothing else', () => {
    const name = 'mlab-prometheus-1';
    assert.equal(isLeftoverReplacement(container({ name: replacementName('0123456789abcdef', name) }), name), true);
    assert.equal(isLeftoverReplacement(container({ name }), name), false);
    assert.equal(isLeftoverReplacement(container({ name: 'f00dfeedbeef_mlab-app-1' }), name), false);
    assert.equal(isLeftoverReplacement(container({ name: 'not-a-hex-id_mlab-prometheus-1' }), name), false);
    assert.equal(isLeftoverReplacement(container({ name: 'f00d_mlab-prometheus-1' }), name), false);
  });

  it('decides like compose: missing → create, changed config or image → recreate, stopped → start, else none', () => {
    assert.equal(decideAction(undefined, 'h1', 'sha256:1'), 'create');
    assert.equal(decideAction(container({}), 'h2', 'sha256:1'), 'recreate');
    assert.equal(decideAction(container({}), 'h1', 'sha256:2'), 'recreate');
    assert.equal(decideAction(container({ state: 'exited' }), 'h1', 'sha256:1'), 'start');
    assert.equal(decideAction(container({}), 'h1', 'sha256:1'), 'none');
  });
});
