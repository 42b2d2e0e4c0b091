// Model → a small format-neutral document (headings, paragraphs, lists, tables, code, charts). Both renderers
// (markdown.ts, html.ts) walk the same document, so the two files say the same thing; they differ only in
// syntax and in their one escaping function. Pure: no I/O.
import type { EventSummary } from '../logs/logStore';
import type { ScenarioMarker } from '../../shared/panelProtocol';
import { histogramChart, percentChart } from './charts';
import type { AlertFinding, MetricComparison, Part, ReportModel, ScenarioSection } from './model';
import { type Language, tIn } from '../l10n/translate';
import { defined } from '../../shared/defined';

/** Inline content. A plain string is data or our text: always escaped by the renderer. */
export type Inline =
  | string
  /**
   * A sentence of the catalogue in the report's language (`tIn(lang, 'English sentence {name}')`, placeholders left
   * in) and the values of its placeholders: the renderer fills them in, escaping the values as data.
   */
  | { t: string; v?: Record<string, string | number> }
  | { code: string }
  | { strong: Inline[] }
  | { link: string; label: string };

export type Block =
  | { k: 'h'; level: 1 | 2 | 3 | 4; text: Inline[] }
  | { k: 'p'; text: Inline[] }
  | { k: 'note'; text: Inline[] }
  | { k: 'ul'; items: Inline[][] }
  | { k: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { k: 'code'; lang: string; text: string }
  | { k: 'chart'; file: string; title: string; svg: string };

export interface RenderOptions {
  /** IANA zone for times (default: the machine's). */
  timeZone?: string;
}

export interface Formatters {
  lang: Language;
  zone: string;
  num(n: number, digits?: number): string;
  pct(n: number | undefined): string;
  time(ms: number | undefined): string;
  clock(ms: number): string;
  dur(ms: number): string;
  offsetMs(at: number): number;
}

export function formatters(lang: Language, options: RenderOptions = {}): Formatters {
  const zone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const clock = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const numbers = new Map<number, Intl.NumberFormat>();
  const num = (n: number, digits = 0) => {
    let f = numbers.get(digits);
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })));
    return f.format(n);
  };
  const offsetMs = (at: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
        .formatToParts(new Date(at))
        .map((p) => [p.type, p.value]),
    );
    const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    return asUtc - Math.floor(at / 1000) * 1000;
  };
  return {
    lang,
    zone,
    num,
    pct: (n) => (n === undefined || !Number.isFinite(n) ? '–' : `${num(n, 1)} %`),
    time: (ms) => (ms === undefined || !Number.isFinite(ms) ? '–' : dateTime.format(new Date(ms))),
    clock: (ms) => clock.format(new Date(ms)),
    dur: (ms) => tIn(lang, '{n} s', { n: num(ms / 1000, ms < 10_000 ? 1 : 0) }),
    offsetMs,
  };
}

// Names of things the model holds as ids, one literal sentence each (the catalogue test reads every tIn() call).
const KIND: Record<ScenarioSection['record']['kind'], (lang: Language) => string> = {
  'brute-force': (L) => tIn(L, 'Brute force'),
  'error-burst': (L) => tIn(L, 'Application errors'),
  'cpu-stress': (L) => tIn(L, 'High CPU load'),
  'memory-pressure': (L) => tIn(L, 'Memory pressure'),
};

const OUTCOME: Record<ScenarioSection['record']['outcome'], (lang: Language) => string> = {
  running: (L) => tIn(L, 'still running'),
  completed: (L) => tIn(L, 'completed'),
  cancelled: (L) => tIn(L, 'cancelled'),
  failed: (L) => tIn(L, 'failed'),
};

/** Rules without a name here (none yet fires during a scenario run) are shown by their id. */
const RULE: Partial<Record<string, (lang: Language) => string>> = {
  'brute-force': (L) => tIn(L, 'Brute-force login attempts'),
  'error-burst': (L) => tIn(L, 'Error burst'),
  'high-cpu': (L) => tIn(L, { message: 'High CPU', comment: 'report: rule name' }),
  'high-memory': (L) => tIn(L, { message: 'High memory', comment: 'report: rule name' }),
  'container-down': (L) => tIn(L, 'Container down'),
};

/** A paragraph (or a note) that is one sentence of the catalogue with its values. */
function sentenceBlock(k: 'p' | 'note', t: string, v: Record<string, string | number>): Block {
  return { k, text: [{ t, v }] };
}

function kindTitle(s: ScenarioSection, L: Language): string {
  return s.mitigation ? tIn(L, 'Mitigation Demo (lockout vs brute force)') : KIND[s.record.kind](L);
}

function ruleTitle(id: string, L: Language): string {
  return Object.hasOwn(RULE, id) ? RULE[id]!(L) : id;
}

function originText(a: AlertFinding, L: Language): string {
  return a.origin === 'history' ? tIn(L, 'alert history') : tIn(L, 're-evaluated from stored data');
}

/** "none" in a list or a table cell. */
function none(L: Language): string {
  return tIn(L, { message: 'none', comment: 'report: an empty list or cell' });
}

function topList(values: ReadonlyArray<{ value: string; count: number; sample?: string }> | undefined, f: Formatters): string {
  if (!values?.length) return none(f.lang);
  return values.map((v) => `${v.value} (${f.num(v.count)}${v.sample ? `: ${v.sample.slice(0, 200)}` : ''})`).join(', ');
}

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

function countsText(counts: Record<string, number>, f: Formatters): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, v]) => `${k} ×${f.num(v)}`).join(', ') : none(f.lang);
}

function missing(reason: string, L: Language): Block {
  return { k: 'note', text: [{ t: tIn(L, 'Not available: {reason}'), v: { reason } }] };
}

/** The scenario's alert line: fired when and how long after, or not, or unknown. */
function verdict(s: ScenarioSection, m: ReportModel, f: Formatters): { inline: Inline[]; alert: string; delay: string } {
  const L = f.lang;
  const rule = ruleTitle(s.expectedRule, L);
  const a: AlertFinding | undefined = s.alerts[0];
  if (a) {
    const since = s.lastActivityAt ?? s.record.startedAt;
    const delayMs = a.firedAt - since;
    const from = s.lastActivityAt !== undefined ? tIn(L, 'the last event of the run') : tIn(L, 'the run started');
    const delay =
      delayMs >= 0
        ? tIn(L, '{delay} after {from}', { delay: f.dur(delayMs), from })
        : tIn(L, '{delay} before {from} (the threshold was crossed while the run was still going)', { delay: f.dur(-delayMs), from });
    const origin = originText(a, L);
    const inline: Inline[] = [{ t: tIn(L, '{rule} fired at {at}, {delay}.'), v: { rule, at: f.time(a.firedAt), delay } }, ` (${origin}: ${a.summary})`];
    // A metric alert on a host that was already busy says little about the run: say so.
    const metric = s.expectedRule === 'high-cpu' ? s.cpu : s.expectedRule === 'high-memory' ? s.memory : undefined;
    const threshold = s.expectedRule === 'high-cpu' ? m.thresholds.highCpu.abovePercent : m.thresholds.highMemory.abovePercent;
    const base = metric?.ok ? metric.value.baseline : undefined;
    if (base && (base.max >= threshold || base.mean >= threshold * 0.9)) {
      inline.push(' ', {
        t: tIn(
          L,
          'Caution: the host was already near or above the threshold before the run (baseline mean {bmean}, max {bmax}; threshold {threshold}), so the alert cannot be credited to this run alone.',
        ),
        v: { bmean: f.pct(base.mean), bmax: f.pct(base.max), threshold: `${threshold} %` },
      });
    }
    return {
      inline,
      alert: `${rule} (${origin})`,
      delay,
    };
  }
  if (s.alertsUnavailable) return { inline: [{ t: tIn(L, 'Unknown: {reason}'), v: { reason: s.alertsUnavailable } }], alert: '?', delay: '–' };
  return {
    inline: [{ t: tIn(L, '{rule} did NOT fire for this run (threshold: {threshold}).'), v: { rule, threshold: thresholdText(s.expectedRule, m) } }],
    alert: none(L),
    delay: '–',
  };
}

function thresholdText(id: string, m: ReportModel): string {
  const t = m.thresholds;
  if (id === 'brute-force') return `≥ ${t.bruteForce.threshold} / ${t.bruteForce.windowSeconds} s`;
  if (id === 'error-burst') return `≥ ${t.errorBurst.threshold} / ${t.errorBurst.windowSeconds} s`;
  if (id === 'high-cpu') return `> ${t.highCpu.abovePercent} % / ${t.highCpu.forSeconds} s`;
  return `> ${t.highMemory.abovePercent} % / ${t.highMemory.forSeconds} s`;
}

function measured(s: ScenarioSection, f: Formatters): string {
  const L = f.lang;
  if (s.record.kind === 'brute-force' || s.record.kind === 'error-burst') {
    if (!s.logs.ok) return tIn(L, 'Not available: {reason}', { reason: s.logs.reason });
    const l = s.logs.value;
    if (s.mitigation)
      return tIn(L, '{failed} failed before lockout, {blocked} blocked (429)', {
        failed: f.num(l.failedLogins.count),
        blocked: f.num(s.record.counts['429'] ?? l.lockouts),
      });
    if (s.record.kind === 'brute-force')
      return tIn(L, '{count} failed logins, {sources} source(s), {users} user name(s)', {
        count: f.num(l.failedLogins.count),
        sources: f.num(l.failedLogins.top['source.ip']?.length ?? 0),
        users: f.num(l.failedLogins.distinctUsers),
      });
    return tIn(L, '{count} ERROR events', { count: f.num(l.errors.count) });
  }
  const c = s.record.kind === 'cpu-stress' ? s.cpu : s.memory;
  if (!c.ok) return tIn(L, 'Not available: {reason}', { reason: c.reason });
  const v = { bmean: f.pct(c.value.baseline?.mean), rmax: f.pct(c.value.run?.max) };
  return s.record.kind === 'cpu-stress' ? tIn(L, 'CPU {bmean} → max {rmax}', v) : tIn(L, 'memory {bmean} → max {rmax}', v);
}

function metricBlocks(kind: 'cpu' | 'mem', c: Part<MetricComparison>, f: Formatters): Block[] {
  const L = f.lang;
  if (!c.ok) return [missing(c.reason, L)];
  const { baseline, run } = c.value;
  if (!run)
    return [
      {
        k: 'note',
        text: [{ t: tIn(L, 'Prometheus returned no samples for {what} in the run or its baseline.'), v: { what: kind === 'cpu' ? 'CPU' : 'memory' } }],
      },
    ];
  return [
    {
      k: 'p',
      text: [
        {
          t:
            kind === 'cpu'
              ? tIn(L, 'Host CPU busy: baseline (2 min before) {bmean} mean, {bmax} max; during the run {rmin} min, {rmean} mean, {rmax} max at {peakAt}.')
              : tIn(L, 'Host memory used: baseline (2 min before) {bmean} mean, {bmax} max; during the run {rmin} min, {rmean} mean, {rmax} max at {peakAt}.'),
          v: {
            bmean: f.pct(baseline?.mean),
            bmax: f.pct(baseline?.max),
            rmin: f.pct(run.min),
            rmean: f.pct(run.mean),
            rmax: f.pct(run.max),
            peakAt: f.time(run.peakAt),
          },
        },
      ],
    },
  ];
}

function failedLoginBlocks(sum: EventSummary, f: Formatters): Block[] {
  const L = f.lang;
  if (!sum.count) return [{ k: 'p', text: [{ t: tIn(L, "Elasticsearch holds no failed login in this run's window.") }] }];
  const span = (sum.last ?? 0) - (sum.first ?? 0);
  const blocks: Block[] = [
    sentenceBlock('p', tIn(L, '{count} failed logins from {first} to {last} ({duration}), from {sources} source(s).'), {
      count: f.num(sum.count),
      first: f.time(sum.first),
      last: f.time(sum.last),
      duration: f.dur(span),
      sources: f.num(sum.top['source.ip']?.length ?? 0),
    }),
    {
      k: 'ul',
      items: [
        [{ strong: [{ t: tIn(L, 'Sources') }] }, ': ', topList(sum.top['source.ip'], f)],
        [{ strong: [{ t: tIn(L, 'User names tried') }] }, ': ', topList(sum.top['user.name'], f)],
        [{ strong: [{ t: tIn(L, 'User agents') }] }, ': ', topList(sum.top['user_agent.original'], f)],
      ],
    },
  ];
  if (sum.peakMinute)
    blocks.push(
      sentenceBlock('p', tIn(L, 'Busiest minute: {count} failed logins in the minute from {at}.'), {
        count: f.num(sum.peakMinute.count),
        at: f.time(sum.peakMinute.start),
      }),
    );
  return blocks;
}

function errorBlocks(sum: EventSummary, f: Formatters): Block[] {
  const L = f.lang;
  if (!sum.count) return [{ k: 'p', text: [{ t: tIn(L, "Elasticsearch holds no ERROR event in this run's window.") }] }];
  return [
    sentenceBlock('p', tIn(L, '{count} ERROR events from {first} to {last} ({duration}).'), {
      count: f.num(sum.count),
      first: f.time(sum.first),
      last: f.time(sum.last),
      duration: f.dur((sum.last ?? 0) - (sum.first ?? 0)),
    }),
    {
      k: 'ul',
      items: [
        [{ strong: [{ t: tIn(L, 'Exception types (with a sample message)') }] }, ': ', topList(sum.top['error.type'], f)],
        [{ strong: [{ t: tIn(L, 'Routes') }] }, ': ', topList(sum.top['url.path'], f)],
        [{ strong: [{ t: tIn(L, 'Sources') }] }, ': ', topList(sum.top['source.ip'], f)],
      ],
    },
  ];
}

function labelled(heading: string, blocks: Block[]): Block[] {
  return [{ k: 'h', level: 4, text: [{ t: heading }] }, ...blocks];
}

function scenarioBlocks(s: ScenarioSection, m: ReportModel, f: Formatters, n: number): Block[] {
  const r = s.record;
  const L = f.lang;
  const out: Block[] = [
    { k: 'h', level: 3, text: [`2.${n} `, { t: kindTitle(s, L) }, ` — ${f.time(r.startedAt)} (`, { t: OUTCOME[r.outcome](L) }, ')'] },
    {
      k: 'p',
      text: [
        { strong: [{ t: tIn(L, 'Parameters') }] },
        ': ',
        paramsText(r.params),
        '. ',
        // Stress runs count seconds and an exit code, not HTTP answers.
        r.kind === 'cpu-stress' || r.kind === 'memory-pressure'
          ? {
              t: tIn(L, 'The stress container ran {seconds} s (exit code {code}).'),
              v: { seconds: f.num(r.counts.seconds ?? 0), code: r.counts.exitCode ?? '–' },
            }
          : { t: tIn(L, 'Answers the scenario runner received: {counts}.'), v: { counts: countsText(r.counts, f) } },
        ...(r.error ? [' ', { t: tIn(L, 'The run failed: {error}.'), v: { error: r.error } }] : []),
      ],
    },
  ];
  const obs: Block[] = [];
  const indications: Block[] = [];
  const impact: Block[] = [];
  const mitigate: Inline[][] = [];
  let technique: Inline[] = [];
  const t = m.thresholds;
  if (r.kind === 'brute-force') {
    if (!s.logs.ok) obs.push(missing(s.logs.reason, L));
    else {
      const l = s.logs.value;
      const sum = l.failedLogins;
      obs.push(...failedLoginBlocks(sum, f));
      const users = sum.distinctUsers;
      if (s.mitigation) {
        const http429 = r.counts['429'] ?? 0;
        obs.push(
          sentenceBlock(
            'p',
            tIn(
              L,
              'With the lockout on, {failed} attempts were rejected as wrong passwords before the lockout took over; then {locked} attempts were blocked (lockout events in Elasticsearch) and the runner received {http429} answers 429.',
            ),
            { failed: f.num(sum.count), locked: f.num(l.lockouts), http429: f.num(http429) },
          ),
        );
        obs.push({
          k: 'p',
          text: [
            l.lockouts > 0 || http429 > 0
              ? {
                  t: tIn(L, 'The lockout cut the attack off after {failed} real password checks; the rest never reached the password check.'),
                  v: { failed: f.num(sum.count) },
                }
              : { t: tIn(L, 'No attempt was blocked: the lockout did not take effect in this run.') },
          ],
        });
      }
      if (sum.count) {
        const span = Math.max(1, (sum.last ?? 0) - (sum.first ?? 0));
        const sources = (sum.top['source.ip'] ?? []).map((v) => v.value).join(', ');
        indications.push(
          sentenceBlock(
            'p',
            tIn(
              L,
              'Many failed logins from {sources} in {duration} (about {rate} per second) — far faster than a person types — against {users} user name(s): an automated password-guessing attack.',
            ),
            { sources, duration: f.dur(span), rate: f.num((sum.count * 1000) / span, 1), users: f.num(users) },
          ),
        );
        if (users > 1)
          indications.push(
            sentenceBlock('p', tIn(L, 'The same source tried {users} different user names: the pattern of password spraying (few passwords, many accounts).'), {
              users: f.num(users),
            }),
          );
        const succeeded = r.counts['200'] ?? 0;
        impact.push(
          sentenceBlock(
            'p',
            tIn(
              L,
              'Every attempt costs the app a password check and a log event. No attempt in this window succeeded as far as the logs show ({succeeded} successful logins in the window). If one had, the account would be taken over.',
            ),
            { succeeded: f.num(succeeded) },
          ),
        );
        if (succeeded > 0)
          impact.push(
            sentenceBlock('note', tIn(L, 'Warning: {succeeded} successful login(s) are in the same window: check whether the attacker got in.'), {
              succeeded: f.num(succeeded),
            }),
          );
      }
      technique = [
        {
          t:
            users > 1
              ? tIn(L, 'Brute Force: Password Spraying (T1110.003) — several user names were tried; the scenario emulates it.')
              : tIn(L, 'Brute Force (T1110) — the scenario emulates it; Password Guessing (T1110.001) for one user name.'),
        },
      ];
    }
    mitigate.push(
      [{ t: tIn(L, "Lock out or slow down a source (and an account) after a few failures — the app's lockout answers 429 (see the Mitigation Demo).") }],
      [{ t: tIn(L, 'Require multi-factor authentication and strong, unique passwords; block the source address at the edge.') }],
      [
        {
          t: tIn(L, 'Keep the brute-force rule on, with its threshold tuned against normal traffic (now {threshold} failures from one source in {window} s).'),
          v: { threshold: t.bruteForce.threshold, window: t.bruteForce.windowSeconds },
        },
      ],
    );
  } else if (r.kind === 'error-burst') {
    if (!s.logs.ok) obs.push(missing(s.logs.reason, L));
    else {
      const sum = s.logs.value.errors;
      obs.push(...errorBlocks(sum, f));
      if (sum.count) {
        const routes = (sum.top['url.path'] ?? []).map((v) => v.value).join(', ') || '?';
        indications.push(
          sentenceBlock(
            'p',
            tIn(
              L,
              'A burst of unhandled exceptions on {routes}: someone is hitting a failing code path repeatedly — probing for errors, or trying to exhaust the app.',
            ),
            { routes },
          ),
        );
        impact.push(
          sentenceBlock(
            'p',
            tIn(L, 'Each request ended in HTTP 500; users of those routes got errors for {duration}. Stack traces stay in the logs, not in the answers.'),
            { duration: f.dur((sum.last ?? 0) - (sum.first ?? 0)) },
          ),
        );
      }
    }
    technique = [
      {
        t: tIn(
          L,
          'Endpoint Denial of Service: Application or System Exploitation (T1499.004) — the scenario emulates it by requesting a failing route repeatedly.',
        ),
      },
    ];
    mitigate.push(
      [{ t: tIn(L, 'Fix or guard the failing code path; return a controlled error without internals.') }],
      [
        {
          t: tIn(L, 'Rate-limit the route per source; alert on error bursts (now {threshold} ERROR events in {window} s).'),
          v: { threshold: t.errorBurst.threshold, window: t.errorBurst.windowSeconds },
        },
      ],
    );
  } else {
    const cpu = r.kind === 'cpu-stress';
    const c = cpu ? s.cpu : s.memory;
    obs.push(...metricBlocks(cpu ? 'cpu' : 'mem', c, f));
    if (c.ok && c.value.run) {
      const v = {
        bmean: f.pct(c.value.baseline?.mean),
        rmax: f.pct(c.value.run.max),
        threshold: `${cpu ? t.highCpu.abovePercent : t.highMemory.abovePercent} %`,
      };
      indications.push({
        k: 'p',
        text: [
          {
            t: cpu
              ? tIn(
                  L,
                  'CPU use rose from a {bmean} baseline to {rmax} while no user load explains it: the signature of resource hijacking (e.g. a cryptominer) or a denial-of-service attempt.',
                )
              : tIn(L, 'Memory use rose from a {bmean} baseline to {rmax}: a leak, an oversized job or a memory-exhaustion attempt.'),
            v,
          },
        ],
      });
      impact.push({
        k: 'p',
        text: [
          {
            t: cpu
              ? tIn(L, 'Everything on the host competes for CPU: requests slow down; above {threshold} for long, the app can stop answering in time.')
              : tIn(L, 'Less memory for the cache and the services; near the limit the kernel swaps or kills processes (out-of-memory).'),
            v,
          },
        ],
      });
    }
    technique = [
      {
        t: cpu
          ? tIn(L, 'Resource Hijacking (T1496) and Endpoint Denial of Service (T1499) — the scenario emulates the load; no real miner or attack ran.')
          : tIn(L, 'Endpoint Denial of Service (T1499) by resource exhaustion — the scenario emulates it with a bounded allocation.'),
      },
    ];
    const thr = cpu ? t.highCpu : t.highMemory;
    mitigate.push(
      [
        {
          t: cpu
            ? tIn(L, 'Find and stop the process or container that burns CPU; cap containers with CPU limits.')
            : tIn(L, 'Set memory limits per container; find what allocates.'),
        },
      ],
      [
        {
          t: cpu
            ? tIn(L, 'Alert on sustained high CPU (now above {threshold} for {for} s) and on unknown containers or images.')
            : tIn(L, 'Alert on sustained high memory (now above {threshold} for {for} s).'),
          v: { threshold: `${thr.abovePercent} %`, for: thr.forSeconds },
        },
      ],
    );
  }
  const noData = (b: Block[]) => (b.length ? b : [missing(none(L), L)]);
  out.push(...labelled(tIn(L, 'Observations'), obs));
  out.push(...labelled(tIn(L, 'Indications of a threat'), noData(indications)));
  out.push(...labelled(tIn(L, 'Impact on the system'), noData(impact)));
  out.push(...labelled(tIn(L, 'Recommended mitigations'), [{ k: 'ul', items: mitigate }]));
  out.push(...labelled(tIn(L, 'MITRE ATT&CK'), [{ k: 'p', text: technique.length ? technique : [{ t: none(L) }] }]));
  out.push(...labelled(tIn(L, 'Detection verdict'), [{ k: 'p', text: verdict(s, m, f).inline }]));
  return out;
}

function isEmptyLab(m: ReportModel): boolean {
  if (m.scenarios.length) return false;
  if (!m.logs.ok) return false;
  const l = m.logs.value;
  return l.failedLogins.count === 0 && l.errors.count === 0 && l.lockouts === 0 && l.malformed === 0;
}

function markers(m: ReportModel, f: Formatters): ScenarioMarker[] {
  return m.scenarios.map((s) => ({
    id: s.record.id,
    kind: s.record.kind,
    label: `${kindTitle(s, f.lang)} ${f.clock(s.record.startedAt)}`,
    start: s.record.startedAt,
    ...defined({ end: s.record.endedAt }),
    outcome: s.record.outcome,
  }));
}

export function buildDocument(m: ReportModel, options: RenderOptions = {}): Block[] {
  const f = formatters(m.lang, options);
  const L = m.lang;
  const doc: Block[] = [];
  doc.push({ k: 'h', level: 1, text: [{ t: tIn(L, 'Monitoring Lab — lab report') }] });
  doc.push({
    k: 'ul',
    items: [
      [
        { strong: [{ t: tIn(L, 'Range') }] },
        `: ${f.time(m.range.from)} – ${f.time(m.range.to)} (${f.dur(m.range.to - m.range.from)}; `,
        { t: tIn(L, 'times in') },
        ` ${f.zone})`,
      ],
      [{ strong: [{ t: tIn(L, 'Generated') }] }, `: ${f.time(m.generatedAt)}`],
      [
        { strong: [{ t: tIn(L, 'Lab project') }] },
        `: ${m.lab.project} (${m.lab.profile}), Elasticsearch ${m.lab.elasticsearchUrl} index ${m.lab.logIndex}, Prometheus ${m.lab.prometheusUrl}`,
      ],
    ],
  });
  const src = m.sources;
  doc.push({ k: 'h', level: 2, text: [{ t: tIn(L, 'Data sources') }] });
  doc.push({
    k: 'ul',
    items: [
      src.elasticsearch.ok
        ? [{ t: tIn(L, '{name} {version}: read'), v: { name: 'Elasticsearch', version: src.elasticsearch.value.version } }]
        : [{ t: tIn(L, '{name}: NOT READ — {reason}'), v: { name: 'Elasticsearch', reason: src.elasticsearch.reason } }],
      src.prometheus.ok
        ? [{ t: tIn(L, '{name} {version}: read'), v: { name: 'Prometheus', version: src.prometheus.value.version } }]
        : [{ t: tIn(L, '{name}: NOT READ — {reason}'), v: { name: 'Prometheus', reason: src.prometheus.reason } }],
      src.docker.ok
        ? [{ t: tIn(L, '{name} {version}: read'), v: { name: 'Docker engine', version: tIn(L, '({n} services)', { n: src.docker.value.length }) } }]
        : [{ t: tIn(L, '{name}: NOT READ — {reason}'), v: { name: 'Docker engine', reason: src.docker.reason } }],
    ],
  });
  if (isEmptyLab(m))
    doc.push({
      k: 'note',
      text: [
        { t: tIn(L, 'Nothing happened in this range: no scenario ran, and Elasticsearch holds no failed login, error, lockout or malformed request in it.') },
      ],
    });

  // 1. Summary
  doc.push({ k: 'h', level: 2, text: [{ t: tIn(L, '1. Summary') }] });
  if (!m.scenarios.length) doc.push({ k: 'p', text: [{ t: tIn(L, 'No scenario ran in this range.') }] });
  else {
    doc.push({
      k: 'table',
      head: [
        [{ t: tIn(L, 'Scenario') }],
        [{ t: tIn(L, 'When') }],
        [{ t: tIn(L, 'What was measured') }],
        [{ t: tIn(L, 'Alert raised') }],
        [{ t: tIn(L, 'How long after') }],
      ],
      rows: m.scenarios.map((s) => {
        const v = verdict(s, m, f);
        const end = s.record.endedAt !== undefined ? f.clock(s.record.endedAt) : tIn(L, 'still running');
        return [[{ t: kindTitle(s, L) }], [`${f.time(s.record.startedAt)} – ${end}`], [measured(s, f)], [v.alert], [v.delay]];
      }),
    });
  }

  // 2. Scenarios
  doc.push({ k: 'h', level: 2, text: [{ t: tIn(L, '2. Scenario runs') }] });
  if (!m.scenarios.length) doc.push({ k: 'p', text: [{ t: tIn(L, 'No scenario ran in this range.') }] });
  m.scenarios.forEach((s, i) => doc.push(...scenarioBlocks(s, m, f, i + 1)));

  // 3. Whole range
  doc.push({ k: 'h', level: 2, text: [{ t: tIn(L, '3. Whole range') }] });
  if (!m.logs.ok) doc.push(missing(m.logs.reason, L));
  else {
    const l = m.logs.value;
    doc.push({
      k: 'ul',
      items: [
        [{ strong: [{ t: tIn(L, 'Events stored') }] }, `: ${f.num(l.total)}`],
        [
          { strong: [{ t: tIn(L, 'Failed logins') }] },
          `: ${f.num(l.failedLogins.count)}`,
          ...(l.failedLogins.count
            ? [` (${f.time(l.failedLogins.first)} – ${f.time(l.failedLogins.last)}); `, topList(l.failedLogins.top['source.ip'], f)]
            : []),
        ],
        [{ strong: [{ t: tIn(L, 'ERROR events') }] }, `: ${f.num(l.errors.count)}`, ...(l.errors.count ? ['; ', topList(l.errors.top['error.type'], f)] : [])],
        [{ strong: [{ t: tIn(L, 'Lockout blocks') }] }, `: ${f.num(l.lockouts)}`],
        [{ strong: [{ t: tIn(L, 'Malformed login requests') }] }, `: ${f.num(l.malformed)}`],
      ],
    });
  }
  if (!m.metrics.ok) doc.push(missing(m.metrics.reason, L));
  else {
    const stat = (pts: Array<[number, number]>) => {
      let min = Infinity, max = -Infinity, sum = 0, n = 0; // prettier-ignore
      for (const [, v] of pts) {
        if (!Number.isFinite(v)) continue;
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
        n++;
      }
      return n ? `${f.pct(min)} / ${f.pct(sum / n)} / ${f.pct(max)}` : '–';
    };
    doc.push({
      k: 'ul',
      items: [
        [{ strong: [{ t: tIn(L, 'Host CPU busy (min / mean / max)') }] }, `: ${stat(m.metrics.value.cpu)}`],
        [{ strong: [{ t: tIn(L, 'Host memory used (min / mean / max)') }] }, `: ${stat(m.metrics.value.memory)}`],
      ],
    });
  }

  // 4. Evidence
  doc.push({ k: 'h', level: 2, text: [{ t: tIn(L, '4. Evidence') }] });
  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Charts') }] });
  const frame = (title: string, yCaption: string) => ({
    title,
    from: m.range.from,
    to: m.range.to,
    bands: markers(m, f),
    timeLabel: (t: number) => f.clock(t),
    xCaption: tIn(L, 'time ({zone})', { zone: f.zone }),
    yCaption,
    offsetMs: f.offsetMs(m.range.from),
  });
  if (!m.logs.ok) doc.push({ k: 'note', text: [{ t: tIn(L, 'No chart: {reason}'), v: { reason: m.logs.reason } }] });
  else {
    const l = m.logs.value;
    const bucket = l.failedLogins.bucketSeconds;
    const t1 = tIn(L, 'Failed logins per {bucket} s', { bucket });
    doc.push({
      k: 'chart',
      file: 'failed-logins.svg',
      title: t1,
      svg: histogramChart(frame(t1, tIn(L, 'events')), l.failedLogins.histogram, bucket * 1000),
    });
    const t2 = tIn(L, 'ERROR events per {bucket} s', { bucket: l.errors.bucketSeconds });
    doc.push({
      k: 'chart',
      file: 'errors.svg',
      title: t2,
      svg: histogramChart(frame(t2, tIn(L, 'events')), l.errors.histogram, l.errors.bucketSeconds * 1000),
    });
  }
  if (!m.metrics.ok) doc.push({ k: 'note', text: [{ t: tIn(L, 'No chart: {reason}'), v: { reason: m.metrics.reason } }] });
  else {
    const t3 = tIn(L, 'Host CPU busy, % (threshold {threshold} %)', { threshold: m.thresholds.highCpu.abovePercent });
    doc.push({
      k: 'chart',
      file: 'cpu.svg',
      title: t3,
      svg: percentChart(frame(t3, '%'), m.metrics.value.cpu, m.thresholds.highCpu.abovePercent, `${m.thresholds.highCpu.abovePercent} %`),
    });
    const t4 = tIn(L, 'Host memory used, % (threshold {threshold} %)', { threshold: m.thresholds.highMemory.abovePercent });
    doc.push({
      k: 'chart',
      file: 'memory.svg',
      title: t4,
      svg: percentChart(frame(t4, '%'), m.metrics.value.memory, m.thresholds.highMemory.abovePercent, `${m.thresholds.highMemory.abovePercent} %`, 'memory'),
    });
  }

  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Alerts') }] });
  if (!m.alerts.length)
    doc.push({
      k: 'p',
      text: [
        {
          t: m.alertHistoryAvailable
            ? tIn(L, 'No alert in this range.')
            : m.scenarios.length && m.alertSource !== 'none'
              ? tIn(L, 'No rule fired when re-evaluated over the stored data around the scenario runs (no alert history was given for the rest of the range).')
              : tIn(
                  L,
                  'No alert history was available for this range, and the rules are re-evaluated only around scenario runs: whether an alert fired is unknown.',
                ),
        },
      ],
    });
  else {
    doc.push({
      k: 'table',
      head: [
        [{ t: tIn(L, 'Rule') }],
        [{ t: tIn(L, { message: 'Fired', comment: 'report: table column, when the alert fired' }) }],
        [{ t: tIn(L, 'Cleared') }],
        [{ t: tIn(L, 'Value / threshold') }],
        [{ t: tIn(L, 'From') }],
        [{ t: tIn(L, 'Evidence') }],
      ],
      rows: m.alerts.map((a) => [
        [ruleTitle(a.ruleId, L)],
        [f.time(a.firedAt)],
        [f.time(a.clearedAt)],
        [`${f.num(a.value, 1)} / ${f.num(a.threshold, 1)}`],
        [{ t: originText(a, L) }],
        [a.summary],
      ]),
    });
  }
  doc.push({ k: 'p', text: [{ strong: [{ t: tIn(L, 'Rule thresholds in force') }] }, ': '] });
  doc.push({
    k: 'ul',
    items: [
      [
        {
          t: tIn(L, 'Brute force: {threshold} failed logins from one source within {window} s'),
          v: { threshold: m.thresholds.bruteForce.threshold, window: m.thresholds.bruteForce.windowSeconds },
        },
      ],
      [
        {
          t: tIn(L, 'Error burst: {threshold} ERROR events within {window} s'),
          v: { threshold: m.thresholds.errorBurst.threshold, window: m.thresholds.errorBurst.windowSeconds },
        },
      ],
      [{ t: tIn(L, 'High CPU: above {threshold} % for {for} s'), v: { threshold: m.thresholds.highCpu.abovePercent, for: m.thresholds.highCpu.forSeconds } }],
      [
        {
          t: tIn(L, 'High memory: above {threshold} % for {for} s'),
          v: { threshold: m.thresholds.highMemory.abovePercent, for: m.thresholds.highMemory.forSeconds },
        },
      ],
    ],
  });

  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Stack inventory') }] });
  if (!src.docker.ok) doc.push(missing(src.docker.reason, L));
  else {
    doc.push({
      k: 'table',
      head: [[{ t: tIn(L, 'Service') }], [{ t: tIn(L, 'State') }], [{ t: tIn(L, 'Image') }], [{ t: tIn(L, 'Image id') }], [{ t: tIn(L, 'Ports') }]],
      rows: src.docker.value.map((s) => [
        [s.service],
        [s.state],
        [s.image ?? '–'],
        [s.imageId ? { code: s.imageId.slice(0, 19) } : '–'],
        [s.ports.join(', ') || '–'],
      ]),
    });
  }
  doc.push({
    k: 'p',
    text: [
      src.elasticsearch.ok ? `Elasticsearch ${src.elasticsearch.value.version}` : 'Elasticsearch –',
      '; ',
      src.prometheus.ok ? `Prometheus ${src.prometheus.value.version}` : 'Prometheus –',
    ],
  });

  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Queries used (repeat them to check any number)') }] });
  doc.push({
    k: 'p',
    text: [
      {
        t: tIn(
          L,
          "The numbers of each run come from the same requests with the run's own window (its start to 2 s after its end; the baseline is the 2 minutes before it), listed in report.json under scenarios[].window.",
        ),
      },
    ],
  });
  for (const q of m.queries) {
    doc.push({
      k: 'p',
      text: [
        { strong: [q.title] },
        ' — ',
        { code: q.target },
        ...(q.params
          ? [
              ' ',
              {
                code: Object.entries(q.params)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' '),
              },
            ]
          : []),
      ],
    });
    doc.push({ k: 'code', lang: q.engine === 'elasticsearch' ? 'json' : 'promql', text: q.text });
  }

  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Open the same range') }] });
  if (m.links) doc.push({ k: 'ul', items: [[{ link: m.links.kibana, label: 'Kibana Discover' }], [{ link: m.links.grafana, label: 'Grafana' }]] });
  else
    doc.push({
      k: 'p',
      text: [{ t: tIn(L, 'Kibana and Grafana run with the full profile only; this lab runs the {profile} profile.'), v: { profile: m.lab.profile } }],
    });

  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Files') }] });
  doc.push({
    k: 'p',
    text: [
      {
        t: tIn(
          L,
          "`events.ndjson`: every event of the range as stored in Elasticsearch, oldest first. `report.json`: this report's data. `SHA256SUMS`: a SHA-256 hash of every file (check with `sha256sum -c SHA256SUMS`).",
        ),
      },
    ],
  });
  doc.push({ k: 'h', level: 3, text: [{ t: tIn(L, 'Left out on purpose') }] });
  doc.push({
    k: 'p',
    text: [
      {
        t: tIn(
          L,
          "Secrets: the demo account's password, the app's admin token and Grafana's admin password are never written; any occurrence in the data is replaced by [redacted].",
        ),
      },
    ],
  });
  return doc;
}
