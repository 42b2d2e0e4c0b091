// HTTP client for the lab app (resources/stack/app): the only code that knows its routes.
// The base URL always comes from the running stack, never from free text.
import { t } from '../l10n';

export class LabAppUnreachableError extends Error {}

/** The app's demo account (LAB_DEMO_USER in resources/stack; the lab never changes it). */
export const DEFAULT_DEMO_USER = 'demo';

export interface LockoutState {
  enabled: boolean;
  threshold: number;
  window_seconds: number;
}

export class LabAppClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly adminToken?: string,
    private readonly timeoutMs = 5000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** POST /login; resolves with the HTTP status (401 wrong password, 429 locked out, 200 ok, 400 malformed). */
  async login(username: string, password: string, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<number> {
    const res = await this.request(
      '/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'monitoring-lab-scenario/1', ...headers },
        body: JSON.stringify({ username, password }),
      },
      signal,
    );
    await res.arrayBuffer();
    return res.status;
  }

  /** GET /error: the app raises, logs an ERROR event and answers 500. */
  async triggerError(signal?: AbortSignal): Promise<number> {
    const res = await this.request('/error', { method: 'GET' }, signal);
    await res.arrayBuffer();
    return res.status;
  }

  async getLockout(signal?: AbortSignal): Promise<LockoutState> {
    return this.admin('GET', undefined, signal);
  }

  async setLockout(change: { enabled: boolean; threshold?: number; window_seconds?: number }, signal?: AbortSignal): Promise<LockoutState> {
    return this.admin('POST', change, signal);
  }

  private async admin(method: 'GET' | 'POST', body: object | undefined, signal?: AbortSignal): Promise<LockoutState> {
    if (!this.adminToken) throw new Error(t('The lab admin token is unknown: restart the lab from the extension or CLI to generate one.'));
    const res = await this.request(
      '/admin/lockout',
      {
        method,
        headers: { authorization: `Bearer ${this.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
      signal,
    );
    const text = await res.text();
    if (res.status === 403) throw new Error(t('The lab app refused the admin token (403). Was the lab started by another tool?'));
    if (!res.ok) throw new Error(t('The lab app answered {0} to {1} /admin/lockout: {2}', res.status, method, text.slice(0, 200)));
    return JSON.parse(text) as LockoutState;
  }

  private async request(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      return await fetch(`${this.base}${path}`, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (signal?.aborted) throw err;
      const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new LabAppUnreachableError(t('The lab app at {0} is unreachable ({1}). Is the lab running?', this.base, code));
    }
  }
}
