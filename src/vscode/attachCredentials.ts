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
 * "Set Elasticsearch Credentials…" / "Set Prometheus Credentials…": first the kind (an API key or bearer token, or a
 * user and password), then each value in a masked input. Asking the kind keeps an Elasticsearch API key given in its
 * `id:api_key` form from being read as a user and password. True when credentials were saved.
 */
export async function askCredentials(store: AttachCredentialStore, service: 'elasticsearch' | 'prometheus'): Promise<boolean> {
  const es = service === 'elasticsearch';
  const title = es ? t('Set Elasticsearch Credentials…') : t('Set Prometheus Credentials…');
  const [key, user, pass] = es
    ? (['elasticsearchApiKey', 'elasticsearchUsername', 'elasticsearchPassword'] as const)
    : (['prometheusToken', 'prometheusUsername', 'prometheusPassword'] as const);
  const tokenLabel = es ? t('API key') : t('Bearer token');
  const basicLabel = t('User and password');
  const kind = await vscode.window.showQuickPick(
    [
      { label: tokenLabel, detail: es ? t('Sent as "Authorization: ApiKey …" (the encoded key, or id:api_key)') : t('Sent as "Authorization: Bearer …"') },
      { label: basicLabel, detail: t('Sent as HTTP basic authentication') },
    ],
    { title, placeHolder: t('How does {0} check who you are?', es ? 'Elasticsearch' : 'Prometheus'), ignoreFocusOut: true },
  );
  if (!kind) return false;
  const ask = async (prompt: string, password: boolean) =>
    (await vscode.window.showInputBox({ title, prompt, password, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : t('Required')) }))?.trim();
  if (kind.label === tokenLabel) {
    const raw = await ask(tokenLabel, true);
    if (!raw) return false;
    // Elasticsearch takes the encoded key; a key given as id:api_key is encoded here (what Kibana shows as "Beats" format).
    const value = es && raw.includes(':') ? Buffer.from(raw, 'utf8').toString('base64') : raw;
    await store.store({ [key]: value }, [user, pass]);
  } else {
    const username = await ask(t('User name'), false);
    if (!username) return false;
    const password = await ask(t('Password for {0}', username), true);
    if (!password) return false;
    await store.store({ [user]: username, [pass]: password }, [key]);
  }
  void vscode.window.showInformationMessage(t('Saved in the secret storage.'));
  return true;
}
