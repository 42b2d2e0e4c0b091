// Command-line flags → a LabConfigInput. Pure, unit-tested. Sources, later ones winning:
// defaults (src/core/config) → JSON config file (--config or MONITORING_LAB_CONFIG) → environment → flags.
import * as fs from 'node:fs';
import type { LabConfigInput, LabService, NetworkMode, Profile } from '../core/config';
import { LAB_SERVICES } from '../core/config';
import { type AttachConfig, type LabMode, credentialsFromEnv } from '../core/attach/config';
import { type ParamValue, SCENARIOS, defaultParams } from '../core/scenarios/catalog';
import { type Language, t } from '../core/l10n';
import { chooseCliLanguage } from './lang';

export interface ReportArgs {
  /** Unix ms. */
  from: number;
  to: number;
  out?: string;
  formats: Array<'md' | 'html'>;
  /** The report's language: the CLI's (`--lang`, else the environment's locale). */
  lang: Language;
}

/** Scenario names the CLI takes: each descriptor's `cli` (src/core/scenarios/catalog.ts). */
export const CLI_SCENARIOS: readonly string[] = SCENARIOS.map((s) => s.cli);

/** Scenario flags as given, by parameter key; bounds are checked by the descriptor when the run is built. */
export interface ScenarioArgs {
  /** A descriptor's `cli` name. */
  kind: string;
  values: Record<string, ParamValue>;
}

/** `exercise` flags: the seed exercise with its defaults, shortened for tests. */
export interface ExerciseArgs {
  /** CPU stress length, seconds (default 60). */
  cpuSeconds: number;
  /** Quiet gap between scenarios, seconds (default 20). */
  gapSeconds: number;
  /** The report's language: the CLI's. */
  lang: Language;
  out?: string;
}

export interface CliCommand {
  command: string;
  /** The language the CLI speaks (`--lang`, else LC_ALL / LC_MESSAGES / LANG, else English). */
  language: Language;
  /** Set when `--lang` named an unknown language: one line for stderr. */
  languageWarning?: string;
  input: Partial<LabConfigInput>;
  json: boolean;
  configFile?: string;
  /** Set for `report`. */
  report?: ReportArgs;
  /** Set for `scenario`. */
  scenario?: ScenarioArgs;
  /** Set for `exercise`. */
  exercise?: ExerciseArgs;
}

const scenarioParams = SCENARIOS.flatMap((d) => d.params.filter((p) => p.cliFlag !== undefined));
/** Flags some scenario takes a value for. */
const SCENARIO_FLAGS = [...new Set(scenarioParams.filter((p) => p.type !== 'flag').map((p) => p.cliFlag!))];
/** Scenario flags without a value (yes/no parameters). */
const SCENARIO_SWITCHES = [...new Set(scenarioParams.filter((p) => p.type === 'flag').map((p) => p.cliFlag!))];
const EXERCISE_FLAGS = ['cpu-seconds', 'gap', 'out'];

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CliUsageError(t('--{0} must be a whole number (got "{1}")', flag, text));
  return Number(text.trim());
}

export function parseScenarioArgs(kindText: string | undefined, flags: ReadonlyMap<string, string | true>): ScenarioArgs {
  if (!kindText) throw new CliUsageError(t('scenario needs a kind: {0}', CLI_SCENARIOS.join(', ')));
  const descriptor = SCENARIOS.find((d) => d.cli === kindText);
  if (!descriptor) throw new CliUsageError(t('unknown scenario "{0}" (one of {1})', kindText, CLI_SCENARIOS.join(', ')));
  const out: ScenarioArgs = { kind: descriptor.cli, values: {} };
  for (const [flag, value] of flags) {
    if (!SCENARIO_FLAGS.includes(flag) && !SCENARIO_SWITCHES.includes(flag)) continue;
    const param = descriptor.params.find((p) => p.cliFlag === flag);
    if (!param) throw new CliUsageError(t('--{0} does not apply to the {1} scenario', flag, descriptor.cli));
    if (param.type === 'flag') out.values[param.key] = true;
    else if (param.type === 'names') out.values[param.key] = String(value).split(',');
    else out.values[param.key] = wholeNumber(flag, String(value));
  }
  return out;
}

/** One usage line per scenario: its flags with their defaults (the exercise's), or what it does. */
function scenarioUsage(): string {
  return SCENARIOS.map((d) => {
    const defaults = defaultParams(d);
    const flags = d.params
      .filter((p) => p.cliFlag)
      .map((p) => {
        if (p.type === 'flag') return `[--${p.cliFlag}]`;
        if (p.type === 'names') return `--${p.cliFlag} ${(defaults[p.key] as string[]).join(',')}[,…]`;
        return `--${p.cliFlag} ${p.cliDefault ?? String(defaults[p.key])}`;
      });
    return `  ${d.cli}: ${[...flags, ...(d.cliHelp ? [d.cliHelp] : [])].join(' ')}`;
  }).join('\n');
}

export function parseExerciseArgs(flags: ReadonlyMap<string, string | true>, lang: Language = 'en'): ExerciseArgs {
  const get = (name: string) => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
  const cpuSeconds = get('cpu-seconds') !== undefined ? wholeNumber('cpu-seconds', get('cpu-seconds')!) : 60;
  const gapSeconds = get('gap') !== undefined ? wholeNumber('gap', get('gap')!) : 20;
  if (cpuSeconds < 1 || cpuSeconds > 600) throw new CliUsageError(t('--cpu-seconds must be from 1 to 600 (got {0})', cpuSeconds));
  if (gapSeconds > 600) throw new CliUsageError(t('--gap must be at most 600 (got {0})', gapSeconds));
  const out = get('out');
  return { cpuSeconds, gapSeconds, lang, ...(out ? { out } : {}) };
}

/** "90s", "30m", "2h", "1d" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new CliUsageError(t('--last must look like 90s, 30m, 2h or 1d (got "{0}")', text));
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (!(ms > 0)) throw new CliUsageError(t('--last must be longer than zero (got "{0}")', text));
  return ms;
}

function parseInstant(flag: string, text: string): number {
  // An ISO date-time (a date alone would be midnight UTC: surprising, so a time is required).
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new CliUsageError(t('--{0} must be an ISO date-time such as 2026-11-29T14:00:00Z (got "{1}")', flag, text));
  return ms;
}

/** The report's flags → a range and options. Default: the last hour up to now. */
export function parseReportArgs(flags: ReadonlyMap<string, string | true>, now: number, lang: Language = 'en'): ReportArgs {
  const get = (name: string) => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  if (flags.has('to') && flags.has('last')) throw new CliUsageError(t('give --to or --last, not both'));
  const lastText = get('last');
  const toText = get('to');
  const fromText = get('from');
  let to = toText !== undefined ? parseInstant('to', toText) : now;
  let from: number;
  if (lastText !== undefined) {
    const span = parseDuration(lastText);
    if (fromText !== undefined) {
      from = parseInstant('from', fromText);
      to = from + span;
    } else from = to - span;
  } else from = fromText !== undefined ? parseInstant('from', fromText) : to - 3_600_000;
  if (!(to > from)) throw new CliUsageError(t('the range ends before it starts ({0} … {1})', new Date(from).toISOString(), new Date(to).toISOString()));
  const formats = (get('format') ?? 'md,html')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) if (f !== 'md' && f !== 'html') throw new CliUsageError(t('--format takes md, html or md,html (got "{0}")', f));
  if (!formats.length) throw new CliUsageError(t('--format needs at least one of md, html'));
  const out = get('out');
  return { from, to, formats: [...new Set(formats)] as Array<'md' | 'html'>, lang, ...(out ? { out } : {}) };
}

export class CliUsageError extends Error {}

/** Attach mode's options: the flag, its environment variable, and where it goes in the attach configuration. */
const ATTACH_OPTIONS: Record<string, { env: string; set: (a: AttachInput, v: string) => void }> = {
  'elasticsearch-url': { env: 'MONITORING_LAB_ELASTICSEARCH_URL', set: (a, v) => (a.elasticsearch.url = v) },
  'elasticsearch-index': { env: 'MONITORING_LAB_ELASTICSEARCH_INDEX', set: (a, v) => (a.elasticsearch.index = v) },
  'elasticsearch-ca': { env: 'MONITORING_LAB_ELASTICSEARCH_CA', set: (a, v) => (a.elasticsearch.caFile = v) },
  'elasticsearch-ca-fingerprint': { env: 'MONITORING_LAB_ELASTICSEARCH_CA_FINGERPRINT', set: (a, v) => (a.elasticsearch.caFingerprint = v) },
  'prometheus-url': { env: 'MONITORING_LAB_PROMETHEUS_URL', set: (a, v) => (a.prometheus.url = v) },
  'prometheus-ca': { env: 'MONITORING_LAB_PROMETHEUS_CA', set: (a, v) => (a.prometheus.caFile = v) },
  'prometheus-job': { env: 'MONITORING_LAB_PROMETHEUS_JOB', set: (a, v) => (a.prometheus.job = v) },
  'prometheus-instance': { env: 'MONITORING_LAB_PROMETHEUS_INSTANCE', set: (a, v) => (a.prometheus.instance = v) },
  'app-url': { env: 'MONITORING_LAB_APP_URL', set: (a, v) => (a.appUrl = v) },
};

type AttachInput = Omit<AttachConfig, 'credentials'>;

const ENV_KEYS: Record<string, (input: Partial<LabConfigInput>, value: string) => void> = {
  MONITORING_LAB_MODE: (i, v) => (i.mode = v as LabMode),
  MONITORING_LAB_PROFILE: (i, v) => (i.profile = v as Profile),
  MONITORING_LAB_PROJECT: (i, v) => (i.projectName = v),
  MONITORING_LAB_DIR: (i, v) => (i.labBaseDir = v),
  MONITORING_LAB_NETWORK_MODE: (i, v) => (i.networkMode = v as NetworkMode),
  MONITORING_LAB_BIND_ADDRESS: (i, v) => (i.bindAddress = v),
};

/** Parses argv (without node and script). Throws CliUsageError with a message fit for the terminal. */
export function parseArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  readFile: (f: string) => string = (f) => fs.readFileSync(f, 'utf8'),
  now = Date.now(),
): CliCommand {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (['json', 'build-host-network', 'behind-proxy', 'help', ...SCENARIO_SWITCHES].includes(arg.slice(2))) flags.set(arg.slice(2), true);
    else {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new CliUsageError(t('{0} needs a value', arg));
      flags.set(arg.slice(2), value);
    }
  }
  const command = flags.has('help') ? 'help' : (positional[0] ?? 'help');
  const maxPositional = command === 'scenario' ? 2 : 1;
  if (positional.length > maxPositional) throw new CliUsageError(t('unexpected argument "{0}"', positional[maxPositional]!));

  let input: Partial<LabConfigInput> = {};
  const configFile = (flags.get('config') as string | undefined) ?? env.MONITORING_LAB_CONFIG;
  if (configFile) {
    try {
      input = JSON.parse(readFile(configFile)) as Partial<LabConfigInput>;
    } catch (err) {
      throw new CliUsageError(t('cannot read the config file {0}: {1}', configFile, (err as Error).message));
    }
  }
  for (const [key, apply] of Object.entries(ENV_KEYS)) {
    const value = env[key]?.trim();
    if (value) apply(input, value);
  }
  const ports: Partial<Record<LabService, number>> = { ...(input.ports ?? {}) };
  // Attach mode: the config file's "attach", then the environment, then the flags; credentials only from the environment.
  const fromFile = input.attach;
  const attach: AttachInput = {
    elasticsearch: { url: '', index: '', ...(fromFile?.elasticsearch ?? {}) },
    prometheus: { url: '', ...(fromFile?.prometheus ?? {}) },
    ...(fromFile?.appUrl ? { appUrl: fromFile.appUrl } : {}),
  };
  for (const option of Object.values(ATTACH_OPTIONS)) {
    const value = env[option.env]?.trim();
    if (value) option.set(attach, value);
  }
  for (const [flag, value] of flags) {
    if (value === true) continue;
    const attachOption = ATTACH_OPTIONS[flag];
    if (attachOption) {
      attachOption.set(attach, value);
      continue;
    }
    switch (flag) {
      case 'mode':
        input.mode = value as LabMode;
        break;
      case 'profile':
        input.profile = value as Profile;
        break;
      case 'project':
        input.projectName = value;
        break;
      case 'lab-dir':
        input.labBaseDir = value;
        break;
      case 'network-mode':
        input.networkMode = value as NetworkMode;
        break;
      case 'bind-address':
        input.bindAddress = value;
        break;
      case 'config':
        break;
      case 'from':
      case 'to':
      case 'last':
      case 'format':
        if (command !== 'report') throw new CliUsageError(t('--{0} belongs to the report command', flag));
        break;
      case 'lang':
        // Global: chosen before parsing (./lang.ts).
        break;
      case 'out':
        if (command !== 'report' && command !== 'exercise') throw new CliUsageError(t('--{0} belongs to the report and exercise commands', flag));
        break;
      default: {
        if (SCENARIO_FLAGS.includes(flag)) {
          if (command !== 'scenario') throw new CliUsageError(t('--{0} belongs to the scenario command', flag));
          break;
        }
        if (EXERCISE_FLAGS.includes(flag)) {
          if (command !== 'exercise') throw new CliUsageError(t('--{0} belongs to the exercise command', flag));
          break;
        }
        const service = flag.startsWith('port-') ? flag.slice(5) : undefined;
        if (service && (LAB_SERVICES as readonly string[]).includes(service)) {
          if (!/^\d+$/.test(value)) throw new CliUsageError(t('--{0} must be a port number, not "{1}"', flag, value));
          ports[service as LabService] = Number(value);
        } else {
          throw new CliUsageError(t('unknown option --{0}', flag));
        }
      }
    }
  }
  if (Object.keys(ports).length) input.ports = ports;
  if (input.mode === 'attach') input.attach = { ...attach, credentials: credentialsFromEnv(env) };
  else delete input.attach;
  if (flags.get('build-host-network') === true) input.buildWithHostNetwork = true;
  if (flags.get('behind-proxy') === true) input.behindProxy = true;
  for (const flag of SCENARIO_SWITCHES)
    if (flags.get(flag) === true && command !== 'scenario') throw new CliUsageError(t('--{0} belongs to the scenario command', flag));
  const { language, warning } = chooseCliLanguage(argv, env);
  const report = command === 'report' ? parseReportArgs(flags, now, language) : undefined;
  const scenario = command === 'scenario' ? parseScenarioArgs(positional[1], flags) : undefined;
  const exercise = command === 'exercise' ? parseExerciseArgs(flags, language) : undefined;
  return {
    command,
    language,
    ...(warning ? { languageWarning: warning } : {}),
    input,
    json: flags.get('json') === true,
    ...(configFile ? { configFile } : {}),
    ...(report ? { report } : {}),
    ...(scenario ? { scenario } : {}),
    ...(exercise ? { exercise } : {}),
  };
}

/** The usage text, in the CLI's language (sections whole, so a translation can keep its columns aligned). */
export function usage(): string {
  return [
    t(
      `Usage: monitoring-lab <command> [options]

Commands:
  up       start the lab (builds/pulls images, waits for health)
  down     stop the lab (keeps its data)
  status   show each service's state, health and ports
  reset    remove the lab's containers, network and volumes (all data)
  engine   show which Docker engine the lab uses
  report   write a lab report (Markdown + HTML, charts, evidence) from the lab's own data; prints its folder
  scenario <{0}>   run one scenario on the running lab (Ctrl-C cancels)
  exercise run the seed exercise on the running lab (brute force 30, errors 20, CPU stress, quiet gaps), watch
           the detection rules, write the report and a JUnit file; exit 0 only if every expected alert fired`,
      CLI_SCENARIOS.join('|'),
    ),
    '',
    t(
      `Options:
  --profile lite|full      lite: app, Elasticsearch, Prometheus, Node Exporter; full: + Kibana, Grafana
  --project NAME           compose project name (default monitoring-lab)
  --lab-dir DIR            where the lab keeps its files (default: see README)
  --port-<service> N       host port, e.g. --port-app 8088 (services: {0})
  --bind-address IP        address ports bind to (default 127.0.0.1)
  --network-mode bridge|host
  --build-host-network     build the app image with the host network (engines without a default bridge)
  --behind-proxy           the app takes the client address from X-Forwarded-For (the right-most entry: the proxy's)
  --config FILE            JSON file with the same settings (also MONITORING_LAB_CONFIG)
  --mode lab|attach        attach: use your own Elasticsearch, Prometheus and app; nothing is started or stopped
  --json                   machine-readable output (status)
  --lang en|id             the language of the output and of reports (default: LC_ALL, LC_MESSAGES or LANG; else en)`,
      LAB_SERVICES.join(', '),
    ),
    '',
    t(`Attach options (--mode attach; each also as MONITORING_LAB_<NAME>, e.g. MONITORING_LAB_ELASTICSEARCH_URL):
  --elasticsearch-url URL  --elasticsearch-index NAME (default: the lab log index)
  --elasticsearch-ca FILE  (PEM of its CA) or --elasticsearch-ca-fingerprint SHA256
  --prometheus-url URL     --prometheus-ca FILE   --prometheus-job JOB   --prometheus-instance INSTANCE
  --app-url URL            the app the scenarios aim at
Credentials only from the environment: MONITORING_LAB_ELASTICSEARCH_API_KEY, or MONITORING_LAB_ELASTICSEARCH_USERNAME
and MONITORING_LAB_ELASTICSEARCH_PASSWORD; MONITORING_LAB_PROMETHEUS_TOKEN, or MONITORING_LAB_PROMETHEUS_USERNAME and
MONITORING_LAB_PROMETHEUS_PASSWORD.`),
    '',
    t(`Report options:
  --from ISO               start of the range, e.g. 2026-11-29T14:00:00Z (default: one hour before --to)
  --to ISO | --last 2h     end of the range (default now), or its length (90s, 30m, 2h, 1d)
  --out DIR                folder to write (default: <lab folder>/reports/<timestamp>)
  --format md,html         which documents to write (default both)`),
    '',
    t(`Scenario options (defaults are the exercise's):`),
    scenarioUsage(),
    '',
    t(`Exercise options: --cpu-seconds 60 --gap 20 --out DIR`),
    '',
    t(`Exit codes: 0 done; 1 failed (the message says why); 2 usage error; 3 (status) a service is not running;
4 (report) written, but Elasticsearch or Prometheus could not be read (those sections say so);
1 (exercise) an expected alert did not fire; 130 cancelled with Ctrl-C (nothing is left half-made: run the command again to resume).`),
    '',
    t(`Environment: DOCKER_HOST / Docker contexts select the engine; MONITORING_LAB_PROFILE, MONITORING_LAB_PROJECT,
MONITORING_LAB_DIR, MONITORING_LAB_NETWORK_MODE, MONITORING_LAB_BIND_ADDRESS set defaults for the options.`),
    '',
    t(`Remote engine over SSH (DOCKER_HOST=ssh://user@host:port, or a Docker context with such a host):
  scenario, report, exercise  tunnel the lab's published ports (engine host's loopback → this machine's
           loopback, the same port numbers where free) for their run, and close them at exit
  tunnel   keep those tunnels open on the same ports until Ctrl-C (for a browser beside the editor)
  MONITORING_LAB_SSH_IDENTITY (private key file; default ~/.ssh/id_ed25519, id_ecdsa, id_rsa, then SSH_AUTH_SOCK's
  agent), MONITORING_LAB_SSH_KNOWN_HOSTS (host keys; default ~/.ssh/known_hosts; an unknown host is refused)`),
  ].join('\n');
}
