// Small container helpers shared by the orchestrator, scenarios and tests.
import type Docker from 'dockerode';

/** True for "no such container" (404) and "removal already in progress" (409): the goal is already reached. */
export function isGone(err: unknown): boolean {
  const status = (err as { statusCode?: number } | undefined)?.statusCode;
  return status === 404 || status === 409;
}

/** Force-removes a container; a container that is already gone is not an error. */
export async function removeContainerQuietly(container: Docker.Container, removeVolumes = false): Promise<void> {
  try {
    await container.remove({ force: true, v: removeVolumes });
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}
