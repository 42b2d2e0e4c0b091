// Compose file → ComposeProject: parse (the `yaml` package), check the supported subset, interpolate,
// apply profiles, normalize short and long syntaxes. Every problem names its key path.
import type * as Yaml from 'yaml';
import { ComposeError } from './errors';
import { InterpolationError, interpolate } from './interpolate';
import type { ComposeProject, ComposeService, DependencyCondition, DependencySpec, HealthcheckSpec, MountSpec, PortSpec } from './model';
import { COMPOSE_SUBSET, checkSubset, isPlainObject } from './subset';
import { parseByteSize, parseDurationSeconds, parsePortNumber, parsePortShort, parseProtocol, parseVolumeShort, shellSplit } from './syntax';
import { t } from '../../l10n';

export interface LoadComposeOptions {
  /** Variables for interpolation (the lab's .env overlaid with values derived from LabConfig). */
  variables: Record<string, string>;
  /** Active profiles; services without `profiles` are always enabled. */
  profiles: string[];
  /** For messages. */
  fileName?: string;
}

/** Parses YAML and checks the subset; returns the raw tree (not interpolated). */
export function parseComposeText(text: string, fileName = 'compose.yaml'): Record<string, unknown> {
  // merge: YAML "<<" merge keys, which Compose files use with x- anchors.
  const doc = yaml().parseDocument(text, { merge: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new ComposeError(doc.errors.map((e) => `${fileName}: ${e.message}`));
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isPlainObject(raw)) throw new ComposeError([t('{0} must be a mapping with a "services" key', fileName)]);
  const problems = checkSubset(raw, COMPOSE_SUBSET, '');
  if (!isPlainObject(raw.services) || Object.keys(raw.services).length === 0) problems.push(t('services must list at least one service'));
  if (problems.length > 0) throw new ComposeError(problems);
  return raw;
}

/** Service names and their profiles, without interpolation (enough to know what a status should list). */
export function listComposeServices(text: string): Array<{ name: string; profiles: string[] }> {
  const raw = parseComposeText(text);
  return Object.entries(raw.services as Record<string, Record<string, unknown>>).map(([name, s]) => ({
    name,
    profiles: (s.profiles as string[] | undefined) ?? [],
  }));
}

export function isServiceEnabled(profiles: string[], activeProfiles: string[]): boolean {
  return profiles.length === 0 || profiles.some((p) => activeProfiles.includes(p));
}

export function loadCompose(text: string, options: LoadComposeOptions): ComposeProject {
  const raw = parseComposeText(text, options.fileName);
  const problems: string[] = [];
  const lookup = (name: string) => options.variables[name];
  // Profiles first, then interpolation: a required variable of a disabled service (Grafana's password in
  // the lite profile) must not stop the lab.
  const rawServices = raw.services as Record<string, Record<string, unknown>>;
  const enabledRaw = Object.fromEntries(
    Object.entries(rawServices).filter(([, s]) => isServiceEnabled((s.profiles as string[] | undefined) ?? [], options.profiles)),
  );
  const interpolated = interpolateTree({ ...raw, services: enabledRaw }, '', lookup, problems) as Record<string, unknown>;
  if (problems.length > 0) throw new ComposeError(problems);

  const volumes: ComposeProject['volumes'] = {};
  for (const [name, def] of Object.entries((interpolated.volumes as Record<string, unknown> | undefined) ?? {})) {
    volumes[name] = { labels: isPlainObject(def) ? keyValues(def.labels, `volumes.${name}.labels`, lookup) : {} };
  }

  const services: Record<string, ComposeService> = {};
  for (const [name, rawService] of Object.entries(interpolated.services as Record<string, Record<string, unknown>>)) {
    try {
      services[name] = normalizeService(name, rawService, lookup, problems);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }

  for (const service of Object.values(services)) {
    for (const dep of service.dependsOn) {
      if (services[dep.service]) continue;
      problems.push(
        rawServices[dep.service]
          ? t('services.{0}.depends_on: {1} is not enabled with profiles [{2}]', service.name, dep.service, options.profiles.join(', '))
          : t('services.{0}.depends_on: {1} is not a service of this file', service.name, dep.service),
      );
    }
    for (const mount of service.volumes) {
      if (mount.type === 'volume' && !volumes[mount.source]) {
        problems.push(t('services.{0}.volumes: volume "{1}" is not declared under the top-level volumes', service.name, mount.source));
      }
    }
  }
  if (problems.length > 0) throw new ComposeError(problems);
  return { ...(typeof interpolated.name === 'string' ? { name: interpolated.name } : {}), services, volumes };
}

function interpolateTree(value: unknown, path: string, lookup: (n: string) => string | undefined, problems: string[]): unknown {
  if (typeof value === 'string') {
    try {
      return interpolate(value, lookup);
    } catch (err) {
      if (!(err instanceof InterpolationError)) throw err;
      problems.push(`${path}: ${err.message}`);
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, `${path}[${i}]`, lookup, problems));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, path ? `${path}.${k}` : k, lookup, problems)]));
  }
  return value;
}

function normalizeService(name: string, raw: Record<string, unknown>, lookup: (n: string) => string | undefined, problems: string[]): ComposeService {
  const at = (key: string) => `services.${name}.${key}`;
  /** Runs a parser, turning its error into a problem that names the key path. */
  const attempt = <T>(key: string, parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (err) {
      problems.push(`${at(key)}: ${(err as Error).message}`);
      return undefined;
    }
  };

  if (raw.image === undefined && raw.build === undefined) problems.push(t('services.{0} needs an image or a build', name));
  const service: ComposeService = {
    name,
    environment: keyValues(raw.environment, at('environment'), lookup),
    ports: ((raw.ports as unknown[] | undefined) ?? []).flatMap((p, i) => attempt(`ports[${i}]`, () => normalizePort(p)) ?? []),
    volumes: ((raw.volumes as unknown[] | undefined) ?? []).flatMap((v, i) => attempt(`volumes[${i}]`, () => normalizeVolume(v)) ?? []),
    dependsOn: attempt('depends_on', () => normalizeDependsOn(raw.depends_on)) ?? [],
    profiles: (raw.profiles as string[] | undefined) ?? [],
    labels: keyValues(raw.labels, at('labels'), lookup),
  };
  if (typeof raw.image === 'string') service.image = raw.image;
  if (raw.build !== undefined) {
    const build = typeof raw.build === 'string' ? { context: raw.build } : (raw.build as Record<string, unknown>);
    service.build = {
      context: (build.context as string | undefined) ?? '.',
      args: keyValues(build.args, at('build.args'), lookup),
      ...(typeof build.dockerfile === 'string' ? { dockerfile: build.dockerfile } : {}),
    };
  }
  const command = attempt('command', () => commandList(raw.command));
  if (command) service.command = command;
  const entrypoint = attempt('entrypoint', () => commandList(raw.entrypoint));
  if (entrypoint) service.entrypoint = entrypoint;
  if (raw.healthcheck !== undefined) {
    const healthcheck = attempt('healthcheck', () => normalizeHealthcheck(raw.healthcheck as Record<string, unknown>));
    if (healthcheck) service.healthcheck = healthcheck;
  }
  if (raw.stop_grace_period !== undefined) {
    const seconds = attempt('stop_grace_period', () => parseDurationSeconds(raw.stop_grace_period as string));
    if (seconds !== undefined) service.stopGracePeriodSeconds = seconds;
  }
  if (typeof raw.stop_signal === 'string') service.stopSignal = raw.stop_signal;
  if (raw.restart !== undefined) {
    const restart = scalarText(raw.restart);
    if (restart === 'no' || restart === 'always' || restart === 'on-failure' || restart === 'unless-stopped') service.restart = restart;
    else problems.push(t('{0}: "{1}" is not one of no, always, on-failure, unless-stopped', at('restart'), restart));
  }
  if (raw.user !== undefined) service.user = scalarText(raw.user);
  if (typeof raw.working_dir === 'string') service.workingDir = raw.working_dir;
  if (raw.init !== undefined) {
    const init = attempt('init', () => toBoolean(raw.init));
    if (init !== undefined) service.init = init;
  }
  if (raw.mem_limit !== undefined) {
    const bytes = attempt('mem_limit', () => parseByteSize(raw.mem_limit as string));
    if (bytes !== undefined) service.memLimitBytes = bytes;
  }
  const extension = raw['x-monitoring-lab'] as Record<string, Record<string, unknown>> | undefined;
  const hostNetwork = extension?.['host-network'];
  if (hostNetwork) {
    service.hostNetwork = {
      environment: Object.fromEntries(Object.entries((hostNetwork.environment as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)])),
      commandAppend: ((hostNetwork['command-append'] as unknown[]) ?? []).map(String),
    };
  }
  return service;
}

/** A map or a "KEY=VALUE" list. A key without value takes it from the variables, as Compose does; unset → omitted. */
function keyValues(raw: unknown, path: string, lookup: (n: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (value === null || value === undefined) {
      const fromVars = lookup(key);
      if (fromVars !== undefined) out[key] = fromVars;
    } else out[key] = scalarText(value);
  };
  if (raw === undefined || raw === null) return out;
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq === 0) throw new Error(t('{0}: "{1}" has no name', path, text));
      if (eq < 0) put(text, undefined);
      else put(text.slice(0, eq), text.slice(eq + 1));
    }
  } else {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) put(key, value);
  }
  return out;
}

function normalizePort(raw: unknown): PortSpec {
  if (!isPlainObject(raw)) return parsePortShort(String(raw));
  if (raw.target === undefined) throw new Error(t('a port needs a target'));
  const context = JSON.stringify(raw);
  const port: PortSpec = {
    target: parsePortNumber(raw.target as string, context),
    protocol: raw.protocol === undefined ? 'tcp' : parseProtocol(scalarText(raw.protocol)),
  };
  if (raw.published !== undefined && raw.published !== '') port.published = parsePortNumber(raw.published as string, context);
  if (typeof raw.host_ip === 'string' && raw.host_ip) port.hostIp = raw.host_ip;
  return port;
}

function normalizeVolume(raw: unknown): MountSpec {
  if (!isPlainObject(raw)) return parseVolumeShort(String(raw));
  const type = raw.type ?? 'volume';
  const target = raw.target;
  if (typeof target !== 'string' || !target.startsWith('/')) throw new Error(t('a volume needs an absolute target'));
  const readOnly = raw.read_only === undefined ? false : toBoolean(raw.read_only);
  if (type === 'bind' || type === 'volume') {
    if (typeof raw.source !== 'string' || !raw.source) {
      if (type === 'volume') return { type: 'anonymous', target, readOnly };
      throw new Error(t('a bind mount needs a source'));
    }
    return { type, source: raw.source, target, readOnly };
  }
  throw new Error(t('volume type "{0}" is not supported (volume or bind)', scalarText(type)));
}

// service_completed_successfully (one-shot init containers) is not supported: the lab has none.
const CONDITIONS: DependencyCondition[] = ['service_started', 'service_healthy'];

function normalizeDependsOn(raw: unknown): DependencySpec[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw.map((service) => ({ service: String(service), condition: 'service_started' }));
  return Object.entries(raw as Record<string, Record<string, unknown>>).map(([service, def]) => {
    const condition = (def?.condition ?? 'service_started') as DependencyCondition;
    if (!CONDITIONS.includes(condition)) throw new Error(t('condition "{0}" for {1} is not one of {2}', condition, service, CONDITIONS.join(', ')));
    return { service, condition };
  });
}

function normalizeHealthcheck(raw: Record<string, unknown>): HealthcheckSpec {
  if (raw.disable !== undefined && toBoolean(raw.disable)) return { test: ['NONE'] };
  const test = typeof raw.test === 'string' ? ['CMD-SHELL', raw.test] : ((raw.test as unknown[] | undefined) ?? []).map(String);
  if (test.length === 0) throw new Error(t('a healthcheck needs a test'));
  if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0] as string)) throw new Error(t('test must start with CMD, CMD-SHELL or NONE, not "{0}"', test[0]));
  const spec: HealthcheckSpec = { test };
  if (raw.interval !== undefined) spec.intervalSeconds = parseDurationSeconds(scalarText(raw.interval));
  if (raw.timeout !== undefined) spec.timeoutSeconds = parseDurationSeconds(scalarText(raw.timeout));
  if (raw.start_period !== undefined) spec.startPeriodSeconds = parseDurationSeconds(scalarText(raw.start_period));
  if (raw.retries !== undefined) {
    const retries = Number(raw.retries);
    if (!Number.isInteger(retries) || retries < 0) throw new Error(t('retries must be a whole number, not "{0}"', scalarText(raw.retries)));
    spec.retries = retries;
  }
  return spec;
}

function commandList(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  return Array.isArray(raw) ? raw.map(String) : shellSplit(scalarText(raw));
}

/**
 * A value the subset check (subset.ts) has let through as a single value (string, number or boolean) as text, the
 * way Compose reads it. Anything else cannot get here; it would be shown as JSON rather than "[object Object]".
 */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(t('"{0}" is not true or false', String(value)));
}

/**
 * The YAML parser is loaded when the first compose file is read, not when the extension loads: it is about a third
 * of the extension's entry bundle (its own bundle, dist/vendor/yaml.js, in the extension).
 */
function yaml(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}
