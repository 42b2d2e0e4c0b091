import * as assert from 'node:assert/strict';
import { LabConfigError } from '../../../src/core/config';
import { EngineUnreachableError } from '../../../src/core/docker/client';
import { LabNotRunningError } from '../../../src/core/lab/scenarioTarget';
import { ScenarioStepError } from '../../../src/core/scenarios/catalog';
import { ScenarioParamError } from '../../../src/core/scenarios/params';
import { ComposeError } from '../../../src/core/stack/compose/errors';
import { ServiceFailedError, StackCancelledError } from '../../../src/core/stack/engine/errors';
import { OperationError, UserCancelledError, describeFailure, inOperation, invocationLogLine, unwrap } from '../../../src/vscode/commandFailure';

describe('vscode/commandFailure: one message style for every command', () => {
  it('a cancellation is not a failure: quiet for a user backing out or an abort, a calm note for a stack operation', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    for (const err of [new UserCancelledError(), abort, Object.assign(new Error('Canceled'), { name: 'Canceled' })]) {
      assert.deepEqual(describeFailure(err, 'Stop All Scenarios'), { outcome: 'cancelled', severity: 'information', actions: [] });
    }
    assert.deepEqual(describeFailure(new StackCancelledError('start'), 'Starting Monitoring Lab'), {
      outcome: 'cancelled',
      severity: 'information',
      text: 'Monitoring Lab: starting monitoring lab was cancelled. Nothing is half-made: run it again to resume.',
      actions: [],
    });
  });

  it('maps each typed error to its text and buttons', () => {
    const config = new LabConfigError(['monitoringLab.logIndex: "Bad Index!" is not a lab log index name']);
    assert.deepEqual(describeFailure(config, 'x'), { outcome: 'failed', severity: 'error', text: config.message, actions: ['Open Settings'] });
    assert.deepEqual(describeFailure(new ComposeError(['bad']), 'x').actions, ['Open Settings']);
    assert.deepEqual(describeFailure(new EngineUnreachableError('Docker is not running: no socket', 'not-running'), 'x'), {
      outcome: 'failed',
      severity: 'error',
      text: 'Docker is not running: no socket',
      actions: ['Retry'],
    });
    assert.deepEqual(describeFailure(new ServiceFailedError('app', 'unhealthy', 'line 1\nline 2'), 'x'), {
      outcome: 'failed',
      severity: 'error',
      text: 'Monitoring Lab: app failed: unhealthy',
      actions: ['Show Output'],
    });
    assert.deepEqual(describeFailure(new LabNotRunningError('The lab app is not running.'), 'Simulate Brute Force'), {
      outcome: 'failed',
      severity: 'warning',
      text: 'Monitoring Lab: The lab app is not running. Start it first.',
      actions: ['Start Monitoring Lab'],
    });
    assert.equal(
      describeFailure(new ScenarioParamError('count must be a whole number from 1 to 10000 (got 0)'), 'x').text,
      'Monitoring Lab: count must be a whole number from 1 to 10000 (got 0)',
    );
    assert.equal(describeFailure(new ScenarioStepError('cannot switch the lockout on: 401'), 'x').text, 'Monitoring Lab: cannot switch the lockout on: 401');
    assert.deepEqual(describeFailure(new Error('connect ECONNREFUSED'), 'Copy Grafana Password'), {
      outcome: 'failed',
      severity: 'error',
      text: 'Monitoring Lab: Copy Grafana Password failed: connect ECONNREFUSED',
      actions: ['Show Output'],
    });
  });

  it("an error inside a named operation is told as that operation's failure, once wrapped", async () => {
    const inner = new Error('boom');
    const raised = await inOperation('Stopping the lab', () => inOperation('inner step', () => Promise.reject(inner))).catch((e: unknown) => e);
    assert.ok(raised instanceof OperationError);
    assert.deepEqual(unwrap(raised, 'Stop Monitoring Lab'), { title: 'inner step', error: inner });
    assert.deepEqual(unwrap(inner, 'Stop Monitoring Lab'), { title: 'Stop Monitoring Lab', error: inner });
    assert.equal(await inOperation('x', () => Promise.resolve(3)), 3);
  });

  it('logs one line per invocation: id, outcome, duration, and what failed', () => {
    assert.equal(invocationLogLine('monitoringLab.stop', 'done', 12.4), 'command monitoringLab.stop done in 12 ms');
    assert.equal(invocationLogLine('monitoringLab.stop', 'cancelled', 3), 'command monitoringLab.stop cancelled in 3 ms');
    assert.match(invocationLogLine('monitoringLab.stop', 'failed', 3, new Error('boom')), /^command monitoringLab\.stop failed in 3 ms: Error: boom\n\s+at /);
  });
});
