// What scenarios may aim at, derived from the running lab: its app, its engine, its own image.
import type Docker from 'dockerode';
import type { LabConfig } from '../config';
import { LabAppClient } from '../app/labAppClient';
import { memoryCapMegabytes } from '../scenarios/params';
import type { ScenarioTarget } from '../scenarios/scenarioRunner';
import { stackStatus } from '../stack/engine/status';
import { serviceUrl } from './endpoints';
import { readLabSecrets } from './labSecrets';
import { t } from '../l10n';

export class LabNotRunningError extends Error {}

export async function scenarioTarget(docker: Docker, config: LabConfig, settingMemoryCapMb: number): Promise<ScenarioTarget> {
  const secrets = readLabSecrets(config);
  if (!secrets.demoPassword) throw new LabNotRunningError(t('The lab has not been started yet (no secrets in its folder).'));
  const appStatus = (await stackStatus(docker, config, ['app']))[0];
  if (appStatus?.state !== 'running' || !appStatus.image) throw new LabNotRunningError(t('The lab app is not running.'));
  const app = new LabAppClient(serviceUrl(config, 'app'), secrets.adminToken);
  const info = (await docker.info()) as { NCPU?: number; MemTotal?: number };
  return {
    app,
    demoPassword: secrets.demoPassword,
    docker,
    // The app's own image has Python and is always present once the lab ran: stress needs nothing pulled.
    stressImage: appStatus.image,
    project: config.projectName,
    engineCpus: info.NCPU ?? 1,
    memoryCapMb: memoryCapMegabytes(settingMemoryCapMb, info.MemTotal ?? 0),
  };
}
