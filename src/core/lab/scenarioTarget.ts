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
import { appUrl } from '../attach/clients';
import { ATTACH_SETTINGS } from '../attach/config';

export class LabNotRunningError extends Error {}

export async function scenarioTarget(docker: Docker, config: LabConfig, settingMemoryCapMb: number): Promise<ScenarioTarget> {
  if (config.mode === 'attach') return attachedTarget(docker, config, settingMemoryCapMb);
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

/**
 * Attach mode: the HTTP scenarios aim at monitoringLab.app.url. The demo account's password (for the "successful
 * attacker" ending) and the admin token (lockout) are the lab's secrets when given (CLI config file); the stress
 * scenarios still run their containers on the Docker engine, with the lab app's image when the engine has it.
 */
async function attachedTarget(docker: Docker, config: LabConfig, settingMemoryCapMb: number): Promise<ScenarioTarget> {
  const url = appUrl(config);
  if (!url) throw new LabNotRunningError(t('The scenarios need an app: set {0}.', ATTACH_SETTINGS.appUrl));
  const app = new LabAppClient(url, config.secrets.adminToken);
  // The engine is optional here: without it the HTTP scenarios still run.
  const engine = ((await docker.info().catch(() => ({}))) ?? {}) as { NCPU?: number; MemTotal?: number };
  const image = (await stackStatus(docker, config, ['app']).catch(() => []))[0]?.image;
  return {
    app,
    demoPassword: config.secrets.demoPassword ?? '',
    docker,
    stressImage: image ?? config.images.app ?? ATTACH_STRESS_IMAGE,
    project: config.projectName,
    engineCpus: engine.NCPU ?? 1,
    memoryCapMb: memoryCapMegabytes(settingMemoryCapMb, engine.MemTotal ?? 0),
  };
}

/** The stress scenarios' image when the engine has no lab app image (attach mode): Python, as the lab app's. */
export const ATTACH_STRESS_IMAGE = 'python:3.12-slim';
