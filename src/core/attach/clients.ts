// The one place the Elasticsearch and Prometheus clients are made, for the lab and for attach mode alike: the
// configuration resolves to an endpoint (address, credentials, trust) and the endpoint to a client. The editor's
// session, the report and the exercise all call createLogStore / createPrometheusClient.
import * as fs from 'node:fs';
import type { ClientOptions } from '@elastic/elasticsearch';
import type { LabConfig } from '../config/labConfig';
import type { LabService } from '../config/services';
import { serviceUrl } from '../lab/endpoints';
import { LogStore } from '../logs/logStore';
import { PrometheusClient } from '../metrics/prometheusClient';
import type { LabelScope } from '../metrics/promql';
import { t } from '../l10n';
import { ATTACH_SETTINGS, type ElasticAuth, type PrometheusAuth } from './config';

export interface ElasticEndpoint {
  url: string;
  index: string;
  auth?: ElasticAuth;
  /** PEM text of the CA to trust (from the CA file). */
  ca?: string;
  /** The CA certificate's SHA-256 (hex, colons optional: the client compares without them). */
  caFingerprint?: string;
  /** Attach mode: failures are explained naming the attach settings. */
  attached: boolean;
}

export interface PrometheusEndpoint {
  url: string;
  auth?: PrometheusAuth;
  ca?: string;
  /** The job/instance labels host metrics are read with (attach mode). */
  scope?: LabelScope;
  attached: boolean;
}

/** A CA file that cannot be read: names its setting. */
export class CaFileError extends Error {}

export type ReadFile = (file: string) => string;
const readUtf8: ReadFile = (file) => fs.readFileSync(file, 'utf8');

function readCa(file: string, setting: string, readFile: ReadFile): string {
  let text = '';
  let problem = 'no PEM certificate';
  try {
    text = readFile(file);
  } catch (err) {
    problem = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new CaFileError(t('cannot read a CA certificate from {0} ({1}) (setting {2})', file, problem, setting));
  return text;
}

/** Where the events are read: the lab's Elasticsearch, or the attached one with its credentials and trust. */
export function elasticEndpoint(config: LabConfig, readFile: ReadFile = readUtf8): ElasticEndpoint {
  const attach = config.mode === 'attach' ? config.attach : undefined;
  if (!attach) return { url: serviceUrl(config, 'elasticsearch'), index: config.logIndex, attached: false };
  const es = attach.elasticsearch;
  return {
    url: es.url.replace(/\/+$/, ''),
    index: es.index || config.logIndex,
    attached: true,
    ...(attach.credentials.elasticsearch ? { auth: attach.credentials.elasticsearch } : {}),
    ...(es.caFile ? { ca: readCa(es.caFile, ATTACH_SETTINGS.elasticsearchCaFile, readFile) } : {}),
    ...(es.caFingerprint ? { caFingerprint: es.caFingerprint } : {}),
  };
}

/** Where the metrics are read: the lab's Prometheus, or the attached one. */
export function prometheusEndpoint(config: LabConfig, readFile: ReadFile = readUtf8): PrometheusEndpoint {
  const attach = config.mode === 'attach' ? config.attach : undefined;
  if (!attach) return { url: serviceUrl(config, 'prometheus'), attached: false };
  const p = attach.prometheus;
  const scope: LabelScope = { ...(p.job ? { job: p.job } : {}), ...(p.instance ? { instance: p.instance } : {}) };
  return {
    url: p.url.replace(/\/+$/, ''),
    attached: true,
    ...(attach.credentials.prometheus ? { auth: attach.credentials.prometheus } : {}),
    ...(p.caFile ? { ca: readCa(p.caFile, ATTACH_SETTINGS.prometheusCaFile, readFile) } : {}),
    ...(scope.job || scope.instance ? { scope } : {}),
  };
}

/** The app the scenarios aim at: the lab's, or monitoringLab.app.url in attach mode (undefined when not set). */
export function appUrl(config: LabConfig): string | undefined {
  if (config.mode !== 'attach') return serviceUrl(config, 'app');
  return config.attach?.appUrl ? config.attach.appUrl.replace(/\/+$/, '') : undefined;
}

/**
 * Where a service answers in the browser: the lab's port, or in attach mode the attached address (Kibana, Grafana
 * and Node Exporter are not attached: undefined, as is an app whose monitoringLab.app.url is not set).
 */
export function browsableUrl(config: LabConfig, service: LabService): string | undefined {
  if (config.mode !== 'attach') return serviceUrl(config, service);
  const attach = config.attach;
  if (service === 'elasticsearch') return attach?.elasticsearch.url.replace(/\/+$/, '') || undefined;
  if (service === 'prometheus') return attach?.prometheus.url.replace(/\/+$/, '') || undefined;
  if (service === 'app') return appUrl(config);
  return undefined;
}

/** The Elasticsearch client's options for an endpoint (auth, TLS); never sniffing: node addresses behind a proxy or in Docker are not reachable. */
export function elasticClientOptions(endpoint: ElasticEndpoint, requestTimeoutMs = 5000): ClientOptions {
  const options: ClientOptions = {
    node: endpoint.url,
    requestTimeout: requestTimeoutMs,
    maxRetries: 1,
    sniffOnStart: false,
    sniffInterval: false,
  };
  if (endpoint.auth)
    options.auth = endpoint.auth.kind === 'apiKey' ? { apiKey: endpoint.auth.apiKey } : { username: endpoint.auth.username, password: endpoint.auth.password };
  if (endpoint.ca) options.tls = { ca: endpoint.ca };
  if (endpoint.caFingerprint) {
    // The client checks the CA's fingerprint itself once the connection is up; the chain check is left to it
    // (Elastic's documented setup for a fingerprint), so the handshake does not refuse the not-yet-trusted CA first.
    options.caFingerprint = endpoint.caFingerprint;
    options.tls = { ...(options.tls ?? {}), rejectUnauthorized: false };
  }
  return options;
}

/** The Authorization header for a Prometheus endpoint, if it has credentials. */
export function prometheusHeaders(auth: PrometheusAuth | undefined): Record<string, string> {
  if (!auth) return {};
  if (auth.kind === 'bearer') return { authorization: `Bearer ${auth.token}` };
  return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
}

export function createLogStore(config: LabConfig, options: { requestTimeoutMs?: number; readFile?: ReadFile } = {}): LogStore {
  const endpoint = elasticEndpoint(config, options.readFile);
  return new LogStore({
    url: endpoint.url,
    index: endpoint.index,
    clientOptions: elasticClientOptions(endpoint, options.requestTimeoutMs),
    attached: endpoint.attached,
  });
}

export function createPrometheusClient(config: LabConfig, options: { timeoutMs?: number; readFile?: ReadFile } = {}): PrometheusClient {
  const endpoint = prometheusEndpoint(config, options.readFile);
  return new PrometheusClient({
    baseUrl: endpoint.url,
    headers: prometheusHeaders(endpoint.auth),
    attached: endpoint.attached,
    ...(endpoint.ca ? { ca: endpoint.ca } : {}),
    ...(endpoint.scope ? { scope: endpoint.scope } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}
