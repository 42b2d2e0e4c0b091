// The saved objects are written for the Kibana version compose.yaml pins; importing them into another version
// is refused by kibana/setup.sh, and the extension says the same before linking into Kibana.

/** "docker.elastic.co/kibana/kibana:9.5.6" → "9.5.6"; undefined without a tag. */
export function versionFromImage(image: string): string | undefined {
  const tag = /:([^/:@]+)(@.*)?$/.exec(image)?.[1];
  return tag && /^\d+\.\d+\.\d+/.test(tag) ? tag : undefined;
}

export class KibanaVersionMismatchError extends Error {
  constructor(
    readonly actual: string | undefined,
    readonly expected: string,
  ) {
    super(`Kibana reports version ${actual ?? 'unknown'}, but the lab's saved objects are for ${expected} (the version compose.yaml pins)`);
  }
}

export function checkKibanaVersion(actual: string | undefined, expected: string): void {
  if (actual !== expected) throw new KibanaVersionMismatchError(actual, expected);
}
