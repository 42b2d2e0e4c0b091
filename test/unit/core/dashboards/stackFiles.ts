// Reading the stack's provisioning files from the repository (tests run from out/test/unit/...).
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';

export const repoRoot = path.resolve(__dirname, '../../../../..');
export const stackDir = path.join(repoRoot, 'resources/stack');

export function stackText(relative: string): string {
  return fs.readFileSync(path.join(stackDir, relative), 'utf8');
}

export function stackYaml(relative: string): unknown {
  return YAML.parse(stackText(relative));
}

export function stackJson(relative: string): unknown {
  return JSON.parse(stackText(relative));
}
