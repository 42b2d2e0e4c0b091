// package.json's `contributes.configuration` as the tests read it: titled sections, and their properties merged.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');

export type ContributedProperty = Record<string, unknown> & {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  pattern?: string;
  patternErrorMessage?: string;
  scope?: string;
};

export interface ContributedSection {
  title?: unknown;
  order?: unknown;
  properties?: Record<string, ContributedProperty>;
}

export function packageJson(): { contributes: { configuration: unknown; commands?: Array<{ command: string }> } } & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as never;
}

/** The sections, whether package.json has one object or an array of them. */
export function contributedSections(): ContributedSection[] {
  const configuration = packageJson().contributes.configuration;
  return (Array.isArray(configuration) ? configuration : [configuration]) as ContributedSection[];
}

/** Every contributed setting by id (a later section's duplicate would overwrite: the schema test checks for them). */
export function contributedProperties(): Record<string, ContributedProperty> {
  return Object.assign({}, ...contributedSections().map((s) => s.properties ?? {})) as Record<string, ContributedProperty>;
}
