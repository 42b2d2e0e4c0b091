// Preparing the lab directory on disk: the stack files copied from the stack source (never mounted from the
// extension's install folder, which changes with every update), the .env with the lab's variables and
// secrets, and the host-network transform's rewritten files.
import { t } from '../../l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig, LabSecrets } from '../../config';
import { composeVariables, readDotEnvFile, resolveSecrets, writeDotEnvFile } from '../../config';
import { keepSecrets, readKeptSecrets } from './keptSecrets';
import { RENDERED_DIR, labDirectory, pathPlatform } from './labPaths';

export const COMPOSE_FILE_NAME = 'compose.yaml';
export const ENV_FILE_NAME = '.env';

export interface PreparedLabDir {
  labDir: string;
  composeFile: string;
  composeText: string;
  secrets: LabSecrets;
  /** What compose.yaml is interpolated with: the .env's values overlaid with the ones from LabConfig. */
  variables: Record<string, string>;
}

export function labDirFor(config: LabConfig): string {
  return labDirectory(config.labBaseDir, config.stackVersion, pathPlatform(process.platform));
}

/**
 * Copies the stack into the lab directory (overwriting the stack's own files, keeping anything else such as
 * .env), then writes .env. Idempotent; cheap enough to run on every start.
 */
export function prepareLabDir(config: LabConfig): PreparedLabDir {
  const labDir = labDirFor(config);
  const source = path.resolve(config.stackSourceDir);
  if (!fs.existsSync(path.join(source, COMPOSE_FILE_NAME))) {
    throw new Error(t('the stack source folder {0} has no {1} (option stackSourceDir)', source, COMPOSE_FILE_NAME));
  }
  if (path.resolve(labDir) === source) throw new Error(t('the lab directory must not be the stack source folder ({0})', source));
  fs.mkdirSync(labDir, { recursive: true });
  copyTree(source, labDir);

  const envFile = path.join(labDir, ENV_FILE_NAME);
  const existing = readDotEnvFile(envFile);
  // Given secrets win, then this folder's .env, then the ones kept across versions (an update reuses them:
  // Grafana's volume still has the admin password of its first start), then new ones, kept from now on.
  const platform = pathPlatform(process.platform);
  const kept = readKeptSecrets(config.labBaseDir, config.stackVersion, platform);
  const secrets = resolveSecrets(config.secrets, { ...kept, ...existing });
  keepSecrets(config.labBaseDir, platform, secrets);
  const derived = composeVariables(config, secrets);
  const variables = { ...existing, ...derived };
  writeDotEnvFile(
    envFile,
    variables,
    "Written by Monitoring Lab at every start: the lab's settings and its generated secrets (keep this file private).\n" +
      '`docker compose up -d` run in this folder starts the same lab.',
  );
  const composeFile = path.join(labDir, COMPOSE_FILE_NAME);
  return { labDir, composeFile, composeText: fs.readFileSync(composeFile, 'utf8'), secrets, variables };
}

function copyTree(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    // Never copy a stale .env or rendered folder from a source tree someone ran compose in.
    if (entry.name === ENV_FILE_NAME || entry.name === RENDERED_DIR) continue;
    const src = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(dest, { recursive: true });
      copyTree(src, dest);
    } else if (entry.isFile()) {
      copyIfChanged(src, dest);
    }
  }
}

/** Skips identical files so their timestamps (and anyone watching them) stay put. */
function copyIfChanged(src: string, dest: string): void {
  const content = fs.readFileSync(src);
  try {
    if (fs.readFileSync(dest).equals(content)) return;
  } catch {
    // missing: copy
  }
  fs.writeFileSync(dest, content);
  // Read by containers running as other users (Prometheus runs as nobody).
  fs.chmodSync(dest, 0o644);
}

/** Writes the host-network transform's rewritten files (paths from the plan, inside the lab directory). */
export function writeRenderedFiles(files: Array<{ path: string; content: string }>): void {
  for (const file of files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    let same = false;
    try {
      same = fs.readFileSync(file.path, 'utf8') === file.content;
    } catch {
      // missing
    }
    if (!same) fs.writeFileSync(file.path, file.content);
    fs.chmodSync(file.path, 0o644);
  }
}

/** A text file's content, or undefined for a folder, a missing file or anything over 1 MiB (not a config file). */
export function readTextFileIfSmall(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > 1024 * 1024) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
