// Attach mode's credentials in the editor: kept in VS Code's SecretStorage (the OS keychain), never in settings.json.
// The session reads them once and again when they change; the commands set and clear them.
import * as vscode from 'vscode';
import { type AttachCredentials, credentialsFrom } from '../core/attach/config';
import { t } from '../core/l10n';

/** SecretStorage keys: monitoringLab.secret.<name>, one per value, so clearing one kind leaves the other. */
const SECRET_PREFIX = 'monitoringLab.secret.';
const SECRET_NAMES = [
  'elasticsearchApiKey',
  'elasticsearchUsername',
  'elasticsearchPassword',
  'prometheusToken',
  'prometheusUsername',
  'prometheusPassword',
] as const;
export const SECRET_KEYS = Object.fromEntries(SECRET_NAMES.map((name) => [name, SECRET_PREFIX + name])) as Record<SecretName, string>;

type SecretName = (typeof SECRET_NAMES)[number];

export class AttachCredentialStore implements vscode.Disposable {
  private value: AttachCredentials = {};
  private readonly subscription: vscode.Disposable;

  /** `onChange`: the stored credentials changed (here or in another window) and have been read again. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    onChange: () => void,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) void this.load().then(onChange);
    });
  }

  /** The credentials as last read (empty until load() finished). */
  current(): AttachCredentials {
    return this.value;
  }

  async load(): Promise<void> {
    const names = Object.keys(SECRET_KEYS) as SecretName[];
    const values = await Promise.all(names.map((name) => this.secrets.get(SECRET_KEYS[name])));
    this.value = credentialsFrom(Object.fromEntries(names.map((name, i) => [name, values[i]])));
  }

  /** Stores `values` and deletes `clear` (the other kind of credential for the same service). */
  async store(values: Partial<Record<SecretName, string>>, clear: readonly SecretName[]): Promise<void> {
    for (const name of clear) await this.secrets.delete(SECRET_KEYS[name]);
    for (const [name, value] of Object.entries(values) as Array<[SecretName, string]>) await this.secrets.store(SECRET_KEYS[name], value);
    await this.load();
  }

  async clearAll(): Promise<void> {
    await this.store({}, Object.keys(SECRET_KEYS) as SecretName[]);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * "Set Elasticsearch Credentials…" / "Set Prometheus Credentials…": one masked input, an API key (Elasticsearch) or
 * bearer token (Prometheus), or user:password (a basic-auth user name cannot hold a colon, and neither an encoded
 * API key nor a token does). True when credentials were saved.
 */
export async function askCredentials(store: AttachCredentialStore, service: 'elasticsearch' | 'prometheus'): Promise<boolean> {
  const es = service === 'elasticsearch';
  const value = (
    await vscode.window.showInputBox({
      title: es ? t('Set Elasticsearch Credentials…') : t('Set Prometheus Credentials…'),
      prompt: es ? t('An API key, or user:password') : t('A bearer token, or user:password'),
      password: true,
      ignoreFocusOut: true,
    })
  )?.trim();
  if (!value) return false;
  const [key, user, pass] = es
    ? (['elasticsearchApiKey', 'elasticsearchUsername', 'elasticsearchPassword'] as const)
    : (['prometheusToken', 'prometheusUsername', 'prometheusPassword'] as const);
  const colon = value.indexOf(':');
  if (colon > 0) await store.store({ [user]: value.slice(0, colon), [pass]: value.slice(colon + 1) }, [key]);
  else await store.store({ [key]: value }, [user, pass]);
  void vscode.window.showInformationMessage(t('Saved in the secret storage.'));
  return true;
}
