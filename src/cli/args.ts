// Command-line flags → a LabConfigInput. Pure, unit-tested. Sources, later ones winning:
// defaults (src/core/config) → JSON config file (--config or MONITORING_LAB_CONFIG) → environment → flags.
import * as fs from 'node:fs';
import { LAB_SERVICES, LabConfigInput, LabService, NetworkMode, Profile } from '../core/config';

export interface CliCommand {
  command: string;
  input: Partial<LabConfigInput>;
  json: boolean;
  configFile?: string;
}

export class CliUsageError extends Error {}

const ENV_KEYS: Record<string, (input: Partial<LabConfigInput>, value: string) => void> = {
  MONITORING_LAB_PROFILE: (i, v) => (i.profile = v as Profile),
  MONITORING_LAB_PROJECT: (i, v) => (i.projectName = v),
  MONITORING_LAB_DIR: (i, v) => (i.labBaseDir = v),
  MONITORING_LAB_NETWORK_MODE: (i, v) => (i.networkMode = v as NetworkMode),
  MONITORING_LAB_BIND_ADDRESS: (i, v) => (i.bindAddress = v),
};

/** Parses argv (without node and script). Throws CliUsageError with a message fit for the terminal. */
export function parseArgs(argv: string[], env: Record<string, string | undefined>, readFile: (f: string) => string = (f) => fs.readFileSync(f, 'utf8')): CliCommand {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (['json', 'build-host-network', 'behind-proxy', 'help'].includes(arg.slice(2))) flags.set(arg.slice(2), true);
    else {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new CliUsageError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
    }
  }
  const command = flags.has('help') ? 'help' : (positional[0] ?? 'help');
  if (positional.length > 1) throw new CliUsageError(`unexpected argument "${positional[1]}"`);

  let input: Partial<LabConfigInput> = {};
  const configFile = (flags.get('config') as string | undefined) ?? env.MONITORING_LAB_CONFIG;
  if (configFile) {
    try {
      input = JSON.parse(readFile(configFile)) as Partial<LabConfigInput>;
    } catch (err) {
      throw new CliUsageError(`cannot read the config file ${configFile}: ${(err as Error).message}`);
    }
  }
  for (const [key, apply] of Object.entries(ENV_KEYS)) {
    const value = env[key]?.trim();
    if (value) apply(input, value);
  }
  const ports: Partial<Record<LabService, number>> = { ...(input.ports ?? {}) };
  for (const [flag, value] of flags) {
    if (value === true) continue;
    switch (flag) {
      case 'profile':
        input.profile = value as Profile;
        break;
      case 'project':
        input.projectName = value;
        break;
      case 'lab-dir':
        input.labBaseDir = value;
        break;
      case 'network-mode':
        input.networkMode = value as NetworkMode;
        break;
      case 'bind-address':
        input.bindAddress = value;
        break;
      case 'config':
        break;
      default: {
        const service = flag.startsWith('port-') ? flag.slice(5) : undefined;
        if (service && (LAB_SERVICES as readonly string[]).includes(service)) {
          if (!/^\d+$/.test(value)) throw new CliUsageError(`--${flag} must be a port number, not "${value}"`);
          ports[service as LabService] = Number(value);
        } else {
          throw new CliUsageError(`unknown option --${flag}`);
        }
      }
    }
  }
  if (Object.keys(ports).length) input.ports = ports;
  if (flags.get('build-host-network') === true) input.buildWithHostNetwork = true;
  if (flags.get('behind-proxy') === true) input.behindProxy = true;
  return { command, input, json: flags.get('json') === true, ...(configFile ? { configFile } : {}) };
}

export const USAGE = `Usage: monitoring-lab <command> [options]

Commands:
  up       start the lab (builds/pulls images, waits for health)
  down     stop the lab (keeps its data)
  status   show each service's state, health and ports
  reset    remove the lab's containers, network and volumes (all data)
  engine   show which Docker engine the lab uses

Options:
  --profile lite|full      lite: app, Elasticsearch, Prometheus, Node Exporter; full: + Kibana, Grafana
  --project NAME           compose project name (default monitoring-lab)
  --lab-dir DIR            where the lab keeps its files (default: see README)
  --port-<service> N       host port, e.g. --port-app 8088 (services: ${LAB_SERVICES.join(', ')})
  --bind-address IP        address ports bind to (default 127.0.0.1)
  --network-mode bridge|host
  --build-host-network     build the app image with the host network (engines without a default bridge)
  --behind-proxy           the app takes the client address from X-Forwarded-For (the right-most entry: the proxy's)
  --config FILE            JSON file with the same settings (also MONITORING_LAB_CONFIG)
  --json                   machine-readable output (status)

Exit codes: 0 done; 1 failed (the message says why); 2 usage error; 3 status: not every service runs;
130 cancelled with Ctrl-C (nothing is left half-made: run the command again to resume).

Environment: DOCKER_HOST / Docker contexts select the engine; MONITORING_LAB_PROFILE, MONITORING_LAB_PROJECT,
MONITORING_LAB_DIR, MONITORING_LAB_NETWORK_MODE, MONITORING_LAB_BIND_ADDRESS set defaults for the options.`;
