// Attach mode: the lab's panels, rules, scenarios and report pointed at an Elasticsearch cluster, a Prometheus and an
// app the user already runs, instead of the containers the lab starts. This module holds what attach mode is made
// of (URLs, index, TLS trust, Prometheus labels) and its validation; credentials come from the editor's
// SecretStorage or the CLI's environment, never from settings. Pure: no 'vscode', no I/O.
import { t } from '../l10n';

export type LabMode = 'lab' | 'attach';

/** Elasticsearch credentials: an API key (the encoded form Kibana shows) or a user and password. */
export type ElasticAuth = { kind: 'apiKey'; apiKey: string } | { kind: 'basic'; username: string; password: string };

/** Prometheus credentials: a bearer token or a user and password (what a proxy in front of it asks for). */
export type PrometheusAuth = { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

export interface AttachCredentials {
  elasticsearch?: ElasticAuth;
  prometheus?: PrometheusAuth;
}

export interface AttachConfig {
  elasticsearch: {
    url: string;
    /** Index, data stream or pattern the events are read from. */
    index: string;
    /** A PEM file with the CA that signed the cluster's certificate. */
    caFile?: string;
    /** SHA-256 fingerprint of the CA certificate (hex, colons optional): trusted instead of a CA file. */
    caFingerprint?: string;
  };
  prometheus: {
    url: string;
    caFile?: string;
    /** The scrape job (and instance) whose Node Exporter metrics are read; empty: every one. */
    job?: string;
    instance?: string;
  };
  /** The app the scenarios aim at (the lab app deployed elsewhere, or an app writing the same events). */
  appUrl?: string;
  credentials: AttachCredentials;
}

/** The settings attach mode is read from; messages name them. */
export const ATTACH_SETTINGS = {
  mode: 'monitoringLab.mode',
  elasticsearchUrl: 'monitoringLab.elasticsearch.url',
  elasticsearchIndex: 'monitoringLab.elasticsearch.index',
  elasticsearchCaFile: 'monitoringLab.elasticsearch.caFile',
  elasticsearchCaFingerprint: 'monitoringLab.elasticsearch.caFingerprint',
  prometheusUrl: 'monitoringLab.prometheus.url',
  prometheusCaFile: 'monitoringLab.prometheus.caFile',
  prometheusJob: 'monitoringLab.prometheus.job',
  prometheusInstance: 'monitoringLab.prometheus.instance',
  appUrl: 'monitoringLab.app.url',
} as const;

/** The CLI's environment variables for the credentials (and the editor's commands for the same). */
export const CREDENTIAL_VARIABLES = {
  elasticsearchApiKey: 'MONITORING_LAB_ELASTICSEARCH_API_KEY',
  elasticsearchUsername: 'MONITORING_LAB_ELASTICSEARCH_USERNAME',
  elasticsearchPassword: 'MONITORING_LAB_ELASTICSEARCH_PASSWORD',
  prometheusToken: 'MONITORING_LAB_PROMETHEUS_TOKEN',
  prometheusUsername: 'MONITORING_LAB_PROMETHEUS_USERNAME',
  prometheusPassword: 'MONITORING_LAB_PROMETHEUS_PASSWORD',
} as const;

/**
 * An index, data stream, pattern or comma-separated list as Elasticsearch names them: lowercase, "*" wildcards,
 * "cluster:index" for a remote cluster. Nothing a URL path or a query would read as syntax.
 */
export const ATTACH_INDEX_PATTERN = '^[a-z0-9.*][a-z0-9._*,:+-]{0,254}$';
/** SHA-256 as hex, with or without colons (Elasticsearch prints it with colons). */
export const FINGERPRINT_PATTERN = '^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$';

/** An http(s) URL without user, password, query or fragment (credentials never go into settings). */
function isEndpointUrl(value: string): boolean {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return !!url && /^https?:$/.test(url.protocol) && !url.username && !url.password && !url.search && !url.hash;
}

/**
 * Every problem of an attach configuration, each a sentence naming its setting; empty when it is usable. (Job and
 * instance need no check: they are written into PromQL as quoted strings.)
 */
export function validateAttachConfig(attach: AttachConfig | undefined): string[] {
  const problems: string[] = [];
  const s = ATTACH_SETTINGS;
  const bad = (setting: string, value: unknown, rule: string) => problems.push(t('"{0}" is not {1} (setting {2})', String(value), rule, setting));
  const checkUrl = (value: string | undefined, setting: string) => {
    if (!value?.trim()) problems.push(t('attach mode needs {0} (setting {1} is "attach")', setting, s.mode));
    else if (!isEndpointUrl(value)) bad(setting, value, t('an http(s):// address without user or password'));
  };
  if (!attach) return [t('attach mode needs {0} (setting {1} is "attach")', s.elasticsearchUrl, s.mode)];
  const es = attach.elasticsearch;
  checkUrl(es.url, s.elasticsearchUrl);
  checkUrl(attach.prometheus.url, s.prometheusUrl);
  if (attach.appUrl) checkUrl(attach.appUrl, s.appUrl);
  if (!new RegExp(ATTACH_INDEX_PATTERN).test(String(es.index))) bad(s.elasticsearchIndex, es.index, t('an index, data stream or pattern name'));
  if (es.caFingerprint !== undefined && !new RegExp(FINGERPRINT_PATTERN).test(es.caFingerprint))
    bad(s.elasticsearchCaFingerprint, es.caFingerprint, t('a SHA-256 fingerprint (64 hex digits)'));
  return problems;
}

/** Raw credential values (from SecretStorage or the environment) → credentials; an API key wins over a user. */
export function credentialsFrom(values: {
  elasticsearchApiKey?: string | undefined;
  elasticsearchUsername?: string | undefined;
  elasticsearchPassword?: string | undefined;
  prometheusToken?: string | undefined;
  prometheusUsername?: string | undefined;
  prometheusPassword?: string | undefined;
}): AttachCredentials {
  const out: AttachCredentials = {};
  const v = (x: string | undefined) => (x && x.trim() !== '' ? x.trim() : undefined);
  const apiKey = v(values.elasticsearchApiKey);
  const esUser = v(values.elasticsearchUsername);
  if (apiKey) out.elasticsearch = { kind: 'apiKey', apiKey };
  else if (esUser) out.elasticsearch = { kind: 'basic', username: esUser, password: values.elasticsearchPassword ?? '' };
  const token = v(values.prometheusToken);
  const promUser = v(values.prometheusUsername);
  if (token) out.prometheus = { kind: 'bearer', token };
  else if (promUser) out.prometheus = { kind: 'basic', username: promUser, password: values.prometheusPassword ?? '' };
  return out;
}

/** The CLI's credentials: from the MONITORING_LAB_* environment variables. */
export function credentialsFromEnv(env: Record<string, string | undefined>): AttachCredentials {
  const c = CREDENTIAL_VARIABLES;
  return credentialsFrom({
    elasticsearchApiKey: env[c.elasticsearchApiKey],
    elasticsearchUsername: env[c.elasticsearchUsername],
    elasticsearchPassword: env[c.elasticsearchPassword],
    prometheusToken: env[c.prometheusToken],
    prometheusUsername: env[c.prometheusUsername],
    prometheusPassword: env[c.prometheusPassword],
  });
}
