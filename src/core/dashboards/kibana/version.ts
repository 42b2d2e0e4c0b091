// The saved objects are written for the Kibana version compose.yaml pins; importing them into another version
// is refused by kibana/setup.sh, and the extension says the same before linking into Kibana.
import { t } from '../../l10n';

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
    super(
      actual
        ? t("Kibana reports version {0}, but the lab's saved objects are for {1} (the version compose.yaml pins)", actual, expected)
        : t("Kibana reports no version, but the lab's saved objects are for {0} (the version compose.yaml pins)", expected),
    );
  }
}

export function checkKibanaVersion(actual: string | undefined, expected: string): void {
  if (actual !== expected) throw new KibanaVersionMismatchError(actual, expected);
}
