// Stop and Reset of the lab end the scenario stress containers too: they carry the scenario labels, not the
// compose ones, and used to keep running after the lab was stopped. Real engine, real stress containers
// started through core (the stand-in python image runs the same script the lab app image would).
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { testEngine, waitFor } from './fixtures/engine';
import { IMAGES } from './fixtures/images';
import type { LabConfig } from '../../src/core/config';
import type { StackProgress } from '../../src/core/stack/engine/progress';
import { downStack, resetStack } from '../../src/core/stack/engine/lifecycle';
import type { StressHandle } from '../../src/core/scenarios/stressContainers';
import { PROJECT_LABEL, SCENARIO_LABEL, removeScenarioContainers, startMemoryPressure } from '../../src/core/scenarios/stressContainers';

describe('integration: Stop and Reset remove scenario stress containers', function () {
  this.timeout(60_000);
  let docker: Docker;
  const project = `mlab-it-lcscen-${process.pid}`;
  const config = { projectName: project } as LabConfig; // down and reset only need the project name
  const scenarioContainers = () => docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${project}`, SCENARIO_LABEL] } });

  /** A memory-pressure run (16 MB, sleeping: no CPU taken from the shared bed), running before we go on. */
  async function startStress(runId: string): Promise<StressHandle> {
    const handle = await startMemoryPressure({ docker, image: IMAGES.python, project }, runId, { megabytes: 16, durationSeconds: 60 });
    await waitFor(
      'the stress container running',
      async () => (await scenarioContainers()).some((c) => c.Id === handle.containerId && c.State === 'running'),
      15_000,
    );
    return handle;
  }

  before(async () => {
    docker = (await testEngine()).docker;
    await removeScenarioContainers(docker, project);
  });

  after(async () => {
    if (docker) await removeScenarioContainers(docker, project);
  });

  it('down (Stop) stops and removes a running stress container and says so', async () => {
    const handle = await startStress('down-run-0001');
    const progress: StackProgress[] = [];
    const result = await downStack(docker, config, { onProgress: (p) => progress.push(p) });
    assert.equal(result.scenarioContainers, 1);
    assert.deepEqual(await scenarioContainers(), [], 'no scenario container of the project is left');
    assert.ok(
      progress.some((p) => /stopped 1 scenario container$/i.test(p.message)),
      `progress: ${progress.map((p) => p.message).join(' | ')}`,
    );
    // The run's own wait ends (it does not hang until its hard deadline).
    await Promise.race([handle.done, new Promise((_, reject) => setTimeout(() => reject(new Error('the run did not end')), 10_000))]);
  });

  it('reset stops and removes a running stress container and says so', async () => {
    await startStress('reset-run-0001');
    const progress: StackProgress[] = [];
    const result = await resetStack(docker, config, { onProgress: (p) => progress.push(p) });
    assert.equal(result.scenarioContainers, 1);
    assert.deepEqual(await scenarioContainers(), []);
    assert.ok(
      progress.some((p) => /stopped 1 scenario container$/i.test(p.message)),
      progress.map((p) => p.message).join(' | '),
    );
  });
});
