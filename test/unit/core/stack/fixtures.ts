// Shared by the stack unit tests: a valid LabConfig and the real compose file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig, LabConfigInput } from '../../../../src/core/config';
import { createLabConfig } from '../../../../src/core/config';

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
export const STACK_SOURCE = path.join(REPO_ROOT, 'resources', 'stack');
export const REAL_COMPOSE = fs.readFileSync(path.join(STACK_SOURCE, 'compose.yaml'), 'utf8');
export const REAL_PROMETHEUS_YML = fs.readFileSync(path.join(STACK_SOURCE, 'prometheus', 'prometheus.yml'), 'utf8');

export function testConfig(overrides: Partial<LabConfigInput> = {}): LabConfig {
  return createLabConfig({
    labBaseDir: '/home/me/.local/share/monitoring-lab',
    stackSourceDir: STACK_SOURCE,
    stackVersion: '0.1.0',
    projectName: 'mlab-unit',
    secrets: { demoPassword: 'demo-pw', adminToken: 'admin-token', grafanaAdminPassword: 'grafana-pw' },
    ...overrides,
  });
}
