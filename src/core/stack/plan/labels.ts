// Labels as Docker Compose sets them, so `docker compose ps` / `docker-compose ps` see the lab's containers,
// plus the lab's own. Compose finds a project's objects by these labels, not by name.

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  oneoff: 'com.docker.compose.oneoff',
  containerNumber: 'com.docker.compose.container-number',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  version: 'com.docker.compose.version',
  dependsOn: 'com.docker.compose.depends_on',
  volume: 'com.docker.compose.volume',
  network: 'com.docker.compose.network',
  /** The lab's own: stack version that made the object. */
  labVersion: 'org.monitoring-lab.version',
  /** Host ports the container listens on ("127.0.0.1:9200->9200/tcp,..."), also visible with host networking. */
  hostPorts: 'org.monitoring-lab.host-ports',
  /** On images the lab built: hash of the build context, to skip a rebuild when nothing changed. */
  buildContextHash: 'org.monitoring-lab.build-context-hash',
} as const;

/**
 * Compose parses com.docker.compose.version as a semantic version; we write the Compose release whose
 * container layout (names <project>-<service>-1, labels above) the lab reproduces.
 */
export const COMPOSE_COMPAT_VERSION = '2.20.0';

export function projectFilter(projectName: string): { label: string[] } {
  return { label: [`${LABEL.project}=${projectName}`] };
}

export function containerName(projectName: string, service: string): string {
  return `${projectName}-${service}-1`;
}

/** Compose names project-scoped volumes and networks "<project>_<name>". */
export function scopedName(projectName: string, name: string): string {
  return `${projectName}_${name}`;
}
