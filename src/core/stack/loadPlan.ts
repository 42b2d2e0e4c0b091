// LabConfig → lab directory on disk → compose loaded → StackPlan. The one path every start takes.
import * as os from 'node:os';
import type { LabConfig } from '../config';
import { loadCompose } from './compose/loader';
import type { PreparedLabDir } from './labDir/labDirectory';
import { prepareLabDir, readTextFileIfSmall } from './labDir/labDirectory';
import { pathPlatform } from './labDir/labPaths';
import type { StackPlan } from './plan/model';
import { planStack } from './plan/planStack';

export function activeProfiles(config: Pick<LabConfig, 'profile'>): string[] {
  return config.profile === 'full' ? ['full'] : [];
}

export function loadStackPlan(config: LabConfig): { plan: StackPlan; labDir: PreparedLabDir } {
  const labDir = prepareLabDir(config);
  const project = loadCompose(labDir.composeText, { variables: labDir.variables, profiles: activeProfiles(config), fileName: labDir.composeFile });
  const plan = planStack(project, config, {
    labDir: labDir.labDir,
    composeFile: labDir.composeFile,
    platform: pathPlatform(process.platform),
    homeDir: os.homedir(),
    readTextFile: readTextFileIfSmall,
  });
  return { plan, labDir };
}
