// The one typed configuration object src/core takes. The editor builds it from settings, the CLI from flags,
// environment and an optional config file; both start from the same defaults (./defaults.ts) and pass their
// raw values through createLabConfig, which validates them and names the offending setting.
import type { AttachConfig, LabMode } from '../attach/config';
import type { LabService } from './services';

export type Profile = 'lite' | 'full';

/**
 * 'bridge': a private compose network with ports published on the bind address (what users get).
 * 'host': every container on the host network, listening on its host port (the project's test bed, whose
 * engine has no bridge); see x-monitoring-lab.host-network in compose.yaml.
 */
export type NetworkMode = 'bridge' | 'host';

export interface LabSecrets {
  /** Password of the lab app's demo account (LAB_DEMO_PASSWORD). */
  demoPassword: string;
  /** Token for the app's admin endpoints (LAB_ADMIN_TOKEN). */
  adminToken: string;
  /** Grafana's admin password (GRAFANA_ADMIN_PASSWORD, full profile). */
  grafanaAdminPassword: string;
}

export interface LabConfig {
  /** 'lab': the extension runs the stack; 'attach': it reads an Elasticsearch, Prometheus and app the user runs. */
  mode: LabMode;
  /** Attach mode's endpoints and credentials; set when mode is 'attach'. */
  attach?: AttachConfig;
  profile: Profile;
  networkMode: NetworkMode;
  /** Address every published port binds to; 127.0.0.1 keeps the lab off the network. */
  bindAddress: string;
  /** Host port per service. */
  ports: Record<LabService, number>;
  /** Compose project name: prefixes containers, volumes and the network; tests use their own. */
  projectName: string;
  /** Folder that holds versioned copies of the stack (<labBaseDir>/stack-<stackVersion>) and its .env. */
  labBaseDir: string;
  /** Where the pristine stack files are (the extension's resources/stack); copied, never mounted. */
  stackSourceDir: string;
  /** Version of the stack files, part of the lab directory's name so an update never mixes files. */
  stackVersion: string;
  /** Image reference overrides per service (e.g. a mirror or a local registry). */
  images: Partial<Record<LabService, string>>;
  /** Elasticsearch index the app ships its logs to. */
  logIndex: string;
  /** The app trusts X-Forwarded-For (only when a proxy sits in front of it). */
  behindProxy: boolean;
  /** Secrets given by the user; the missing ones are generated once and kept in the lab's .env. */
  secrets: Partial<LabSecrets>;
  /** How long each service may take to become healthy after its container starts. */
  healthTimeoutSeconds: Record<LabService, number>;
  /** Build the app image with the host network (needed on engines without a default bridge, like the test bed). */
  buildWithHostNetwork: boolean;
}
