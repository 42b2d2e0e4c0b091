// ScenarioRunner.onDidFinish: what the editor's guided exercise follows to know that a scenario ran.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LabAppClient } from '../../../../src/core/app/labAppClient';
import { ScenarioRecords } from '../../../../src/core/scenarios/records';
import { type ScenarioOutcomeSummary, ScenarioRunner, type ScenarioTarget } from '../../../../src/core/scenarios/scenarioRunner';

async function app401(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = 401;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function target(url: string): ScenarioTarget {
  return {
    app: new LabAppClient(url),
    demoPassword: 'right',
    docker: {} as ScenarioTarget['docker'],
    stressImage: 'none',
    project: 'p',
    engineCpus: 2,
    memoryCapMb: 64,
  };
}

describe('core/scenarios/ScenarioRunner.onDidFinish', () => {
  it('tells every listener once per recorded run, after the record is closed; a disposed listener hears nothing', async () => {
    const app = await app401();
    try {
      let stored: unknown = [];
      const records = new ScenarioRecords({ load: () => stored, save: (list) => void (stored = list) });
      const runner = new ScenarioRunner(records);
      const heard: Array<{ summary: ScenarioOutcomeSummary; outcome: string | undefined }> = [];
      const disposed: ScenarioOutcomeSummary[] = [];
      runner.onDidFinish((summary) => {
        throw new Error(`a listener failing (${summary.kind}) does not fail the run`);
      });
      runner.onDidFinish((summary) => {
        // Recorded before the listeners hear of it: what they read is the closed record.
        void records.list().then((list) => heard.push({ summary, outcome: list.find((r) => r.id === summary.recordId)?.outcome }));
      });
      runner.onDidFinish((summary) => disposed.push(summary)).dispose();

      const result = await runner.bruteForce(target(app.url), { count: 3, concurrency: 1, delayMs: 0, usernames: ['admin'], finalCorrectPassword: false });
      await new Promise((r) => setImmediate(r));
      assert.equal(heard.length, 1);
      assert.deepEqual(heard[0]!.summary, result);
      assert.equal(heard[0]!.summary.kind, 'brute-force');
      assert.equal(heard[0]!.summary.cancelled, false);
      assert.equal(heard[0]!.outcome, 'completed');
      assert.deepEqual(disposed, []);
    } finally {
      await app.close();
    }
  });

  it('a run that fails throws to its caller and is not announced as finished', async () => {
    const records = new ScenarioRecords({ load: () => [], save: () => undefined });
    const runner = new ScenarioRunner(records);
    const heard: ScenarioOutcomeSummary[] = [];
    runner.onDidFinish((s) => heard.push(s));
    // An engine that fails every call: the stress container cannot start.
    const docker = new Proxy({}, { get: () => () => Promise.reject(new Error('the engine went away')) }) as ScenarioTarget['docker'];
    await assert.rejects(runner.cpuStress({ ...target('http://127.0.0.1:9'), docker }, { workers: 1, durationSeconds: 5 }), /the engine went away/);
    assert.deepEqual(heard, []);
    assert.equal((await records.list())[0]?.outcome, 'failed');
  });
});
