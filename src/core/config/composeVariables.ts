// LabConfig + secrets → the variables compose.yaml interpolates. Written to the lab directory's .env too,
// so `docker compose` run in that folder starts exactly the lab the extension would.
import { randomBytes } from 'node:crypto';
import { composeHostIp } from './exposure';
import type { LabConfig, LabSecrets } from './labConfig';
import { LAB_SERVICES, PORT_VARIABLES } from './services';

export const SECRET_VARIABLES: Record<keyof LabSecrets, string> = {
  demoPassword: 'LAB_DEMO_PASSWORD',
  adminToken: 'LAB_ADMIN_TOKEN',
  grafanaAdminPassword: 'GRAFANA_ADMIN_PASSWORD',
};

/** Given secrets win, then the ones already in the lab's .env (generated on an earlier start), then new random ones. */
export function resolveSecrets(given: Partial<LabSecrets>, existingEnv: Record<string, string>, generate: () => string = generateSecret): LabSecrets {
  const pick = (key: keyof LabSecrets) => given[key] || existingEnv[SECRET_VARIABLES[key]] || generate();
  return { demoPassword: pick('demoPassword'), adminToken: pick('adminToken'), grafanaAdminPassword: pick('grafanaAdminPassword') };
}

/** 24 random bytes, base64url: no character needs quoting in .env or a URL. */
export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function composeVariables(config: LabConfig, secrets: LabSecrets): Record<string, string> {
  const vars: Record<string, string> = {
    // Compose reads these two from .env: `docker compose up` in the lab folder uses the same project and profile.
    COMPOSE_PROJECT_NAME: config.projectName,
    COMPOSE_PROFILES: config.profile === 'full' ? 'full' : '',
    // Bracketed when IPv6: compose.yaml's short port syntax "${LAB_BIND_ADDRESS}:PORT:PORT" needs "[::1]:9200:9200".
    LAB_BIND_ADDRESS: composeHostIp(config.bindAddress),
    LAB_LOG_INDEX: config.logIndex,
    LAB_BEHIND_PROXY: config.behindProxy ? 'true' : 'false',
  };
  for (const service of LAB_SERVICES) vars[PORT_VARIABLES[service]] = String(config.ports[service]);
  for (const key of Object.keys(SECRET_VARIABLES) as Array<keyof LabSecrets>) vars[SECRET_VARIABLES[key]] = secrets[key];
  return vars;
}
