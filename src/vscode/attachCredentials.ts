// Attach mode's credentials in the editor: kept in VS Code's SecretStorage (the OS keychain), never in settings.json.
// The session reads them once and again when they change; the commands set and clear them.
import * as vscode from 'vscode';
import { type AttachCredentials, credentialsFrom } from '../core/attach/config';
import { t } from '../core/l10n';

/** SecretStorage keys (one per value, so clearing one kind leaves the other). */
export const SECRET_KEYS = {
  elasticsearchApiKey: 'monitoringLab.elasticsearch.apiKey',
  elasticsearchUsername: 'monitoringLab.elasticsearch.username',
  elasticsearchPassword: 'monitoringLab.elasticsearch.password',
  prometheusToken: 'monitoringLab.prometheus.token',
  prometheusUsername: 'monitoringLab.prometheus.username',
  prometheusPassword: 'monitoringLab.prometheus.password',
} as const;

type SecretName = keyof typeof SECRET_KEYS;

export class AttachCredentialStore implements vscode.Disposable {
  private value: AttachCredentials = {};
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stored credentials changed (here or in another window). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (Object.values(SECRET_KEYS).includes(e.key as (typeof SECRET_KEYS)[SecretName])) void this.load();
    });
  }

  /** The credentials as last read (empty until load() finished). */
  current(): AttachCredentials {
    return this.value;
  }

  async load(): Promise<AttachCredentials> {
    const entries = await Promise.all(
      (Object.entries(SECRET_KEYS) as Array<[SecretName, string]>).map(async ([name, key]) => [name, await this.secrets.get(key)] as const),
    );
    const next = credentialsFrom(Object.fromEntries(entries));
    const same = JSON.stringify(next) === JSON.stringify(this.value);
    this.value = next;
    if (!same) this.changed.fire();
    return next;
  }

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
    this.changed.dispose();
  }
}

/** Asks for a value in an input box (masked for secrets); undefined when the user cancelled. */
async function ask(prompt: string, password: boolean): Promise<string | undefined> {
  return (
    await vscode.window.showInputBox({ prompt, password, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : t('A value is needed.')) })
  )?.trim();
}

/**
 * "Set Elasticsearch Credentials…" (an API key, or a user and password) and "Set Prometheus Credentials…" (a bearer
 * token, or a user and password). True when credentials were saved.
 */
export async function askCredentials(store: AttachCredentialStore, service: 'elasticsearch' | 'prometheus'): Promise<boolean> {
  const es = service === 'elasticsearch';
  const single = es ? t('API key') : t('Bearer token');
  const basic = t('User and password');
  const kind = await vscode.window.showQuickPick([single, basic], { title: es ? t('Set Elasticsearch Credentials…') : t('Set Prometheus Credentials…') });
  if (!kind) return false;
  const [key, user, pass] = es
    ? (['elasticsearchApiKey', 'elasticsearchUsername', 'elasticsearchPassword'] as const)
    : (['prometheusToken', 'prometheusUsername', 'prometheusPassword'] as const);
  if (kind === single) {
    const value = await ask(single, true);
    if (!value) return false;
    await store.store({ [key]: value }, [user, pass]);
  } else {
    const username = await ask(t('User'), false);
    const password = username && (await ask(t('Password of {0}', username), true));
    if (!username || !password) return false;
    await store.store({ [user]: username, [pass]: password }, [key]);
  }
  void vscode.window.showInformationMessage(t('Saved in the secret storage.'));
  return true;
}
