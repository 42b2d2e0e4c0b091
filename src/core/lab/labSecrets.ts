// The lab's secrets live in its .env (owner-only), written on every start, and in <base>/secrets.env, kept across
// extension versions: the extension, the CLI and plain `docker compose` in the lab folder all read the same values.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig, LabSecrets } from '../config';
import { SECRET_VARIABLES, readDotEnvFile } from '../config';
import { readKeptSecrets } from '../stack/labDir/keptSecrets';
import { ENV_FILE_NAME, labDirFor } from '../stack/labDir/labDirectory';
import { pathPlatform } from '../stack/labDir/labPaths';

/**
 * Secrets of the lab as started (given settings win over the .env). Before this version's first start, the ones
 * kept from an earlier version (what Grafana's volume still expects). Missing ones are undefined.
 */
export function readLabSecrets(config: LabConfig): Partial<LabSecrets> {
  const file = path.join(labDirFor(config), ENV_FILE_NAME);
  const env = fs.existsSync(file) ? readDotEnvFile(file) : {};
  const kept = readKeptSecrets(config.labBaseDir, config.stackVersion, pathPlatform(process.platform));
  const out: Partial<LabSecrets> = {};
  for (const key of Object.keys(SECRET_VARIABLES) as Array<keyof LabSecrets>) {
    const value = config.secrets[key] || env[SECRET_VARIABLES[key]] || kept[SECRET_VARIABLES[key]];
    if (value) out[key] = value;
  }
  return out;
}
