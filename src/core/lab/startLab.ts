// "Start Monitoring Lab", shared by the extension and the CLI: leftovers of crashed scenarios go first,
// then (full profile) the community dashboard is fetched so Grafana finds it, then the stack comes up.
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { LabConfig } from '../config';
import { exposureWarning } from '../config';
import type { FetchDashboardResult } from '../dashboards';
import { fetchCommunityDashboard } from '../dashboards';
import { removeScenarioContainers } from '../scenarios/stressContainers';
import { labDirFor } from '../stack/labDir/labDirectory';
import type { UpResult } from '../stack/engine/up';
import { upStack } from '../stack/engine/up';
import type { StackOperationOptions } from '../stack/engine/progress';
import { t } from '../l10n';

export interface StartLabOptions extends StackOperationOptions {
  /** Where Node Exporter Full (grafana.com 1860) is downloaded from; configuration, so tests use a local server. */
  communityDashboardUrl?: string;
}

export interface StartLabResult extends UpResult {
  /** Full profile only: what became of the Node Exporter Full download. */
  communityDashboard?: FetchDashboardResult;
  /** Scenario containers a crash had left behind, now removed. */
  leftoverScenarios: number;
}

export async function startLab(docker: Docker, config: LabConfig, options: StartLabOptions = {}): Promise<StartLabResult> {
  // Never silent: the CLI prints this line; the editor has asked for a confirmation before getting here.
  const exposure = exposureWarning(config);
  if (exposure) options.onProgress?.({ phase: 'warning', message: exposure });
  const leftoverScenarios = await removeScenarioContainers(docker, config.projectName);
  if (leftoverScenarios > 0)
    options.onProgress?.({
      phase: 'prepare',
      message: leftoverScenarios === 1 ? t('Removed 1 leftover scenario container') : t('Removed {0} leftover scenario containers', leftoverScenarios),
    });
  let communityDashboard: FetchDashboardResult | undefined;
  if (config.profile === 'full') {
    options.onProgress?.({ phase: 'prepare', message: t('Fetching the Node Exporter Full dashboard (grafana.com 1860)') });
    communityDashboard = await fetchCommunityDashboard({
      targetDir: path.join(labDirFor(config), 'grafana', 'dashboards'),
      ...(options.communityDashboardUrl ? { url: options.communityDashboardUrl } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    options.onProgress?.({ phase: 'prepare', message: communityDashboard.message });
  }
  const up = await upStack(docker, config, options);
  return { ...up, leftoverScenarios, ...(communityDashboard ? { communityDashboard } : {}) };
}
