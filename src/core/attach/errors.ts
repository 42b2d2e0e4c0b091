// What went wrong talking to an attached endpoint, and the sentence that says which setting or credential to fix.
// Pure: errors in (the Elasticsearch client's, node:https'), a kind and a message out.
import { t } from '../l10n';
import { ATTACH_SETTINGS as S, CREDENTIAL_VARIABLES as V } from './config';

export type EndpointService = 'elasticsearch' | 'prometheus' | 'app';

/** auth: 401/403; untrusted: the certificate (chain, fingerprint, host name) is not trusted; refused: nothing listens. */
export type EndpointProblem = 'auth' | 'untrusted' | 'refused' | 'other';

/** Every code, message and HTTP status on the error and its causes (clients wrap the socket's error). */
function facts(err: unknown): { codes: string; text: string; status?: number } {
  const codes: string[] = [];
  const texts: string[] = [];
  let status: number | undefined;
  let e = err as { code?: unknown; message?: unknown; statusCode?: unknown; meta?: { statusCode?: unknown }; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.message === 'string') texts.push(e.message);
    for (const s of [e.statusCode, e.meta?.statusCode]) if (typeof s === 'number') status ??= s;
  }
  return { codes: codes.join(' '), text: texts.join(' | '), ...(status !== undefined ? { status } : {}) };
}

export function classifyEndpointError(err: unknown): EndpointProblem {
  const { codes, text, status } = facts(err);
  if (status === 401 || status === 403) return 'auth';
  const all = `${codes} ${text}`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|self[- ]signed|certificate|fingerprint/i.test(all)) return 'untrusted';
  if (/ECONNREFUSED/.test(all)) return 'refused';
  return 'other';
}

/** An attached endpoint's failure, said so the user knows which setting or credential to change. */
export class EndpointError extends Error {
  constructor(
    readonly service: EndpointService,
    readonly problem: EndpointProblem,
    message: string,
  ) {
    super(message);
  }
}

const NAMES = { elasticsearch: 'Elasticsearch', prometheus: 'Prometheus', app: 'App' };
const URL_SETTINGS = { elasticsearch: S.elasticsearchUrl, prometheus: S.prometheusUrl, app: S.appUrl };

/** The sentence for a problem: what happened at which address, and what to change. */
export function endpointProblemMessage(service: EndpointService, problem: EndpointProblem, url: string, detail: string): string {
  const name = NAMES[service];
  const es = service === 'elasticsearch';
  // The app has no credentials or CA settings: its address is what to check.
  switch (service === 'app' && problem !== 'refused' ? 'other' : problem) {
    case 'auth':
      return t(
        '{0} at {1} refused the credentials ({2}): run "{3}" (CLI: {4}).',
        name,
        url,
        detail,
        es ? t('Set Elasticsearch Credentials…') : t('Set Prometheus Credentials…'),
        es
          ? `${V.elasticsearchApiKey} | ${V.elasticsearchUsername} + ${V.elasticsearchPassword}`
          : `${V.prometheusToken} | ${V.prometheusUsername} + ${V.prometheusPassword}`,
      );
    case 'untrusted':
      return t(
        '{0} at {1}: certificate not trusted ({2}); set {3}.',
        name,
        url,
        detail,
        es ? `${S.elasticsearchCaFile} | ${S.elasticsearchCaFingerprint} (--elasticsearch-ca)` : `${S.prometheusCaFile} (--prometheus-ca)`,
      );
    case 'refused':
      return t('{0} at {1} refuses connections: check {2} and that it runs.', name, url, URL_SETTINGS[service]);
    case 'other':
      return t('{0} at {1} failed ({2}): check {3}.', name, url, detail, URL_SETTINGS[service]);
  }
}

/** Any failure of an attached endpoint as an EndpointError (an EndpointError stays as it is). */
export function explainEndpointError(service: EndpointService, url: string, err: unknown): EndpointError {
  if (err instanceof EndpointError) return err;
  const problem = classifyEndpointError(err);
  const { codes, text, status } = facts(err);
  const reason = (err as { meta?: { body?: { error?: { reason?: unknown } } } })?.meta?.body?.error?.reason;
  // An HTTP answer is its status (and the server's reason when it gives one, never a proxy's HTML page);
  // a socket error its code, else its message.
  const said = typeof reason === 'string' ? reason : status !== undefined ? '' : (codes.split(' ').find((c) => /^[A-Z_]{4,}$/.test(c)) ?? text);
  const detail = [status, said]
    .filter((x) => x !== undefined && x !== '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
  return new EndpointError(service, problem, endpointProblemMessage(service, problem, url, detail));
}
