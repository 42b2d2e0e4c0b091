// Model → a small format-neutral document (headings, paragraphs, lists, tables, code, charts). Both renderers
// (markdown.ts, html.ts) walk the same document, so the two files say the same thing; they differ only in
// syntax and in their one escaping function. Pure: no I/O.
import type { EventSummary } from '../logs/logStore';
import type { ScenarioMarker } from '../../shared/panelProtocol';
import { histogramChart, percentChart } from './charts';
import type { AlertFinding, MetricComparison, Part, ReportModel, ScenarioSection } from './model';
import { type Lang, type StringKey, catalogue, text } from './strings';
import { defined } from '../../shared/defined';

/** Inline content. A plain string is data or our text: always escaped by the renderer. */
export type Inline =
  | string
  /** A catalogue sentence; the values are escaped, the sentence itself is trusted. */
  | { t: StringKey; v?: Record<string, string | number> }
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
  lang: Lang;
  zone: string;
  num(n: number, digits?: number): string;
  pct(n: number | undefined): string;
  time(ms: number | undefined): string;
  clock(ms: number): string;
  dur(ms: number): string;
  offsetMs(at: number): number;
}

export function formatters(lang: Lang, options: RenderOptions = {}): Formatters {
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
    dur: (ms) => text(lang, 'seconds', { n: num(ms / 1000, ms < 10_000 ? 1 : 0) }),
    offsetMs,
  };
}

const KIND_KEY = {
  'brute-force': 'kind_brute_force',
  'error-burst': 'kind_error_burst',
  'cpu-stress': 'kind_cpu_stress',
  'memory-pressure': 'kind_memory_pressure',
} as const;

function kindTitle(s: ScenarioSection): StringKey {
  return s.mitigation ? 'kind_mitigation' : KIND_KEY[s.record.kind];
}

function topList(values: ReadonlyArray<{ value: string; count: number; sample?: string }> | undefined, f: Formatters): string {
  if (!values?.length) return text(f.lang, 'none');
  return values.map((v) => `${v.value} (${f.num(v.count)}${v.sample ? `: ${v.sample.slice(0, 200)}` : ''})`).join(', ');
}

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

function countsText(counts: Record<string, number>, f: Formatters): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, v]) => `${k} ×${f.num(v)}`).join(', ') : text(f.lang, 'none');
}

function missing(reason: string): Block {
  return { k: 'note', text: [{ t: 'dataMissing', v: { reason } }] };
}

/** The scenario's alert line: fired when and how long after, or not, or unknown. */
function verdict(s: ScenarioSection, m: ReportModel, f: Formatters): { inline: Inline[]; alert: string; delay: string } {
  const rule = ruleTitle(s.expectedRule, f.lang);
  const a: AlertFinding | undefined = s.alerts[0];
  if (a) {
    const since = s.lastActivityAt ?? s.record.startedAt;
    const delayMs = a.firedAt - since;
    const from = text(f.lang, s.lastActivityAt !== undefined ? 'fromLastEvent' : 'fromRunStart');
    const delay = text(f.lang, delayMs >= 0 ? 'delayAfter' : 'delayBefore', { delay: f.dur(Math.abs(delayMs)), from });
    const origin = text(f.lang, a.origin === 'history' ? 'originHistory' : 'originReplay');
    const inline: Inline[] = [{ t: 'verdictFired', v: { rule, at: f.time(a.firedAt), delay } }, ` (${origin}: ${a.summary})`];
    // A metric alert on a host that was already busy says little about the run: say so.
    const metric = s.expectedRule === 'high-cpu' ? s.cpu : s.expectedRule === 'high-memory' ? s.memory : undefined;
    const threshold = s.expectedRule === 'high-cpu' ? m.thresholds.highCpu.abovePercent : m.thresholds.highMemory.abovePercent;
    const base = metric?.ok ? metric.value.baseline : undefined;
    if (base && (base.max >= threshold || base.mean >= threshold * 0.9)) {
      inline.push(' ', { t: 'verdictPreexisting', v: { bmean: f.pct(base.mean), bmax: f.pct(base.max), threshold: `${threshold} %` } });
    }
    return {
      inline,
      alert: `${rule} (${origin})`,
      delay,
    };
  }
  if (s.alertsUnavailable) return { inline: [{ t: 'verdictUnknown', v: { reason: s.alertsUnavailable } }], alert: '?', delay: '–' };
  return { inline: [{ t: 'verdictNotFired', v: { rule, threshold: thresholdText(s.expectedRule, m) } }], alert: text(f.lang, 'none'), delay: '–' };
}

function ruleTitle(id: string, lang: Lang): string {
  const key = `rule_${id.replace(/-/g, '_')}`;
  return key in catalogue(lang) ? text(lang, key as StringKey) : id;
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
    if (!s.logs.ok) return text(L, 'dataMissing', { reason: s.logs.reason });
    const l = s.logs.value;
    if (s.mitigation) return text(L, 'measuredMit', { failed: f.num(l.failedLogins.count), blocked: f.num(s.record.counts['429'] ?? l.lockouts) });
    if (s.record.kind === 'brute-force')
      return text(L, 'measuredBf', {
        count: f.num(l.failedLogins.count),
        sources: f.num(l.failedLogins.top['source.ip']?.length ?? 0),
        users: f.num(l.failedLogins.distinctUsers),
      });
    return text(L, 'measuredEr', { count: f.num(l.errors.count) });
  }
  const c = s.record.kind === 'cpu-stress' ? s.cpu : s.memory;
  if (!c.ok) return text(L, 'dataMissing', { reason: c.reason });
  return text(L, s.record.kind === 'cpu-stress' ? 'measuredCpu' : 'measuredMem', { bmean: f.pct(c.value.baseline?.mean), rmax: f.pct(c.value.run?.max) });
}

function metricBlocks(kind: 'cpu' | 'mem', c: Part<MetricComparison>, f: Formatters): Block[] {
  if (!c.ok) return [missing(c.reason)];
  const { baseline, run } = c.value;
  if (!run) return [{ k: 'note', text: [{ t: 'metricNoSamples', v: { what: kind === 'cpu' ? 'CPU' : 'memory' } }] }];
  return [
    {
      k: 'p',
      text: [
        {
          t: kind === 'cpu' ? 'cpuObserved' : 'memObserved',
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
  if (!sum.count) return [{ k: 'p', text: [{ t: 'bfNone' }] }];
  const span = (sum.last ?? 0) - (sum.first ?? 0);
  const blocks: Block[] = [
    {
      k: 'p',
      text: [
        {
          t: 'bfObserved',
          v: {
            count: f.num(sum.count),
            first: f.time(sum.first),
            last: f.time(sum.last),
            duration: f.dur(span),
            sources: f.num(sum.top['source.ip']?.length ?? 0),
          },
        },
      ],
    },
    {
      k: 'ul',
      items: [
        [{ strong: [{ t: 'bfSources' }] }, ': ', topList(sum.top['source.ip'], f)],
        [{ strong: [{ t: 'bfUsers' }] }, ': ', topList(sum.top['user.name'], f)],
        [{ strong: [{ t: 'bfAgents' }] }, ': ', topList(sum.top['user_agent.original'], f)],
      ],
    },
  ];
  if (sum.peakMinute) blocks.push({ k: 'p', text: [{ t: 'bfPeak', v: { count: f.num(sum.peakMinute.count), at: f.time(sum.peakMinute.start) } }] });
  return blocks;
}

function errorBlocks(sum: EventSummary, f: Formatters): Block[] {
  if (!sum.count) return [{ k: 'p', text: [{ t: 'erNone' }] }];
  return [
    {
      k: 'p',
      text: [
        {
          t: 'erObserved',
          v: { count: f.num(sum.count), first: f.time(sum.first), last: f.time(sum.last), duration: f.dur((sum.last ?? 0) - (sum.first ?? 0)) },
        },
      ],
    },
    {
      k: 'ul',
      items: [
        [{ strong: [{ t: 'erTypes' }] }, ': ', topList(sum.top['error.type'], f)],
        [{ strong: [{ t: 'erRoutes' }] }, ': ', topList(sum.top['url.path'], f)],
        [{ strong: [{ t: 'bfSources' }] }, ': ', topList(sum.top['source.ip'], f)],
      ],
    },
  ];
}

function labelled(key: StringKey, blocks: Block[]): Block[] {
  return [{ k: 'h', level: 4, text: [{ t: key }] }, ...blocks];
}

function scenarioBlocks(s: ScenarioSection, m: ReportModel, f: Formatters, n: number): Block[] {
  const r = s.record;
  const L = f.lang;
  const out: Block[] = [
    { k: 'h', level: 3, text: [`2.${n} `, { t: kindTitle(s) }, ` — ${f.time(r.startedAt)} (`, { t: `outcome_${r.outcome}` as StringKey }, ')'] },
    {
      k: 'p',
      text: [
        { strong: [{ t: 'parameters' }] },
        ': ',
        paramsText(r.params),
        '. ',
        // Stress runs count seconds and an exit code, not HTTP answers.
        r.kind === 'cpu-stress' || r.kind === 'memory-pressure'
          ? { t: 'stressRan', v: { seconds: f.num(r.counts.seconds ?? 0), code: r.counts.exitCode ?? '–' } }
          : { t: 'runnerCounts', v: { counts: countsText(r.counts, f) } },
        ...(r.error ? [' ', { t: 'runError' as const, v: { error: r.error } }] : []),
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
    if (!s.logs.ok) obs.push(missing(s.logs.reason));
    else {
      const l = s.logs.value;
      const sum = l.failedLogins;
      obs.push(...failedLoginBlocks(sum, f));
      const users = sum.distinctUsers;
      if (s.mitigation) {
        const http429 = r.counts['429'] ?? 0;
        obs.push({ k: 'p', text: [{ t: 'mitObserved', v: { failed: f.num(sum.count), locked: f.num(l.lockouts), http429: f.num(http429) } }] });
        obs.push({ k: 'p', text: [{ t: l.lockouts > 0 || http429 > 0 ? 'mitEffect' : 'mitNoEffect', v: { failed: f.num(sum.count) } }] });
      }
      if (sum.count) {
        const span = Math.max(1, (sum.last ?? 0) - (sum.first ?? 0));
        const sources = (sum.top['source.ip'] ?? []).map((v) => v.value).join(', ');
        indications.push({
          k: 'p',
          text: [{ t: 'bfThreat', v: { sources, duration: f.dur(span), rate: f.num((sum.count * 1000) / span, 1), users: f.num(users) } }],
        });
        if (users > 1) indications.push({ k: 'p', text: [{ t: 'bfThreatSpray', v: { users: f.num(users) } }] });
        const succeeded = r.counts['200'] ?? 0;
        impact.push({ k: 'p', text: [{ t: 'bfImpact', v: { succeeded: f.num(succeeded) } }] });
        if (succeeded > 0) impact.push({ k: 'note', text: [{ t: 'bfImpactSucceeded', v: { succeeded: f.num(succeeded) } }] });
      }
      technique = [{ t: users > 1 ? 'techSpraying' : 'techBruteForce' }];
    }
    mitigate.push(
      [{ t: 'bfMitigate1' }],
      [{ t: 'bfMitigate2' }],
      [{ t: 'bfMitigate3', v: { threshold: t.bruteForce.threshold, window: t.bruteForce.windowSeconds } }],
    );
  } else if (r.kind === 'error-burst') {
    if (!s.logs.ok) obs.push(missing(s.logs.reason));
    else {
      const sum = s.logs.value.errors;
      obs.push(...errorBlocks(sum, f));
      if (sum.count) {
        const routes = (sum.top['url.path'] ?? []).map((v) => v.value).join(', ') || '?';
        indications.push({ k: 'p', text: [{ t: 'erThreat', v: { routes } }] });
        impact.push({ k: 'p', text: [{ t: 'erImpact', v: { duration: f.dur((sum.last ?? 0) - (sum.first ?? 0)) } }] });
      }
    }
    technique = [{ t: 'techErrors' }];
    mitigate.push([{ t: 'erMitigate1' }], [{ t: 'erMitigate2', v: { threshold: t.errorBurst.threshold, window: t.errorBurst.windowSeconds } }]);
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
      indications.push({ k: 'p', text: [{ t: cpu ? 'cpuThreat' : 'memThreat', v }] });
      impact.push({ k: 'p', text: [{ t: cpu ? 'cpuImpact' : 'memImpact', v }] });
    }
    technique = [{ t: cpu ? 'techCpu' : 'techMemory' }];
    const thr = cpu ? t.highCpu : t.highMemory;
    mitigate.push(
      [{ t: cpu ? 'cpuMitigate1' : 'memMitigate1' }],
      [{ t: cpu ? 'cpuMitigate2' : 'memMitigate2', v: { threshold: `${thr.abovePercent} %`, for: thr.forSeconds } }],
    );
  }
  const noData = (b: Block[]) => (b.length ? b : [missing(text(L, 'none'))]);
  out.push(...labelled('observations', obs));
  out.push(...labelled('indications', noData(indications)));
  out.push(...labelled('impact', noData(impact)));
  out.push(...labelled('mitigations', [{ k: 'ul', items: mitigate }]));
  out.push(...labelled('mitre', [{ k: 'p', text: technique.length ? technique : [{ t: 'none' }] }]));
  out.push(...labelled('verdict', [{ k: 'p', text: verdict(s, m, f).inline }]));
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
    label: `${text(f.lang, kindTitle(s))} ${f.clock(s.record.startedAt)}`,
    start: s.record.startedAt,
    ...defined({ end: s.record.endedAt }),
    outcome: s.record.outcome,
  }));
}

export function buildDocument(m: ReportModel, options: RenderOptions = {}): Block[] {
  const f = formatters(m.lang, options);
  const L = m.lang;
  const doc: Block[] = [];
  doc.push({ k: 'h', level: 1, text: [{ t: 'title' }] });
  doc.push({
    k: 'ul',
    items: [
      [
        { strong: [{ t: 'range' }] },
        `: ${f.time(m.range.from)} – ${f.time(m.range.to)} (${f.dur(m.range.to - m.range.from)}; `,
        { t: 'timeZone' },
        ` ${f.zone})`,
      ],
      [{ strong: [{ t: 'generated' }] }, `: ${f.time(m.generatedAt)}`],
      [
        { strong: [{ t: 'project' }] },
        `: ${m.lab.project} (${m.lab.profile}), Elasticsearch ${m.lab.elasticsearchUrl} index ${m.lab.logIndex}, Prometheus ${m.lab.prometheusUrl}`,
      ],
    ],
  });
  const src = m.sources;
  doc.push({ k: 'h', level: 2, text: [{ t: 'sourcesHeading' }] });
  doc.push({
    k: 'ul',
    items: [
      src.elasticsearch.ok
        ? [{ t: 'sourceOk', v: { name: 'Elasticsearch', version: src.elasticsearch.value.version } }]
        : [{ t: 'sourceMissing', v: { name: 'Elasticsearch', reason: src.elasticsearch.reason } }],
      src.prometheus.ok
        ? [{ t: 'sourceOk', v: { name: 'Prometheus', version: src.prometheus.value.version } }]
        : [{ t: 'sourceMissing', v: { name: 'Prometheus', reason: src.prometheus.reason } }],
      src.docker.ok
        ? [{ t: 'sourceOk', v: { name: 'Docker engine', version: text(L, 'dockerServices', { n: src.docker.value.length }) } }]
        : [{ t: 'sourceMissing', v: { name: 'Docker engine', reason: src.docker.reason } }],
    ],
  });
  if (isEmptyLab(m)) doc.push({ k: 'note', text: [{ t: 'emptyLab' }] });

  // 1. Summary
  doc.push({ k: 'h', level: 2, text: [{ t: 'summaryHeading' }] });
  if (!m.scenarios.length) doc.push({ k: 'p', text: [{ t: 'noScenarios' }] });
  else {
    doc.push({
      k: 'table',
      head: [[{ t: 'colScenario' }], [{ t: 'colWhen' }], [{ t: 'colMeasured' }], [{ t: 'colAlert' }], [{ t: 'colDelay' }]],
      rows: m.scenarios.map((s) => {
        const v = verdict(s, m, f);
        const end = s.record.endedAt !== undefined ? f.clock(s.record.endedAt) : text(L, 'outcome_running');
        return [[{ t: kindTitle(s) }], [`${f.time(s.record.startedAt)} – ${end}`], [measured(s, f)], [v.alert], [v.delay]];
      }),
    });
  }

  // 2. Scenarios
  doc.push({ k: 'h', level: 2, text: [{ t: 'scenariosHeading' }] });
  if (!m.scenarios.length) doc.push({ k: 'p', text: [{ t: 'noScenarios' }] });
  m.scenarios.forEach((s, i) => doc.push(...scenarioBlocks(s, m, f, i + 1)));

  // 3. Whole range
  doc.push({ k: 'h', level: 2, text: [{ t: 'rangeHeading' }] });
  if (!m.logs.ok) doc.push(missing(m.logs.reason));
  else {
    const l = m.logs.value;
    doc.push({
      k: 'ul',
      items: [
        [{ strong: [{ t: 'rangeEvents' }] }, `: ${f.num(l.total)}`],
        [
          { strong: [{ t: 'rangeFailed' }] },
          `: ${f.num(l.failedLogins.count)}`,
          ...(l.failedLogins.count
            ? [` (${f.time(l.failedLogins.first)} – ${f.time(l.failedLogins.last)}); `, topList(l.failedLogins.top['source.ip'], f)]
            : []),
        ],
        [{ strong: [{ t: 'rangeErrors' }] }, `: ${f.num(l.errors.count)}`, ...(l.errors.count ? ['; ', topList(l.errors.top['error.type'], f)] : [])],
        [{ strong: [{ t: 'rangeLockouts' }] }, `: ${f.num(l.lockouts)}`],
        [{ strong: [{ t: 'rangeMalformed' }] }, `: ${f.num(l.malformed)}`],
      ],
    });
  }
  if (!m.metrics.ok) doc.push(missing(m.metrics.reason));
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
        [{ strong: [{ t: 'rangeCpu' }] }, `: ${stat(m.metrics.value.cpu)}`],
        [{ strong: [{ t: 'rangeMem' }] }, `: ${stat(m.metrics.value.memory)}`],
      ],
    });
  }

  // 4. Evidence
  doc.push({ k: 'h', level: 2, text: [{ t: 'evidenceHeading' }] });
  doc.push({ k: 'h', level: 3, text: [{ t: 'chartsHeading' }] });
  const frame = (title: string, yCaption: string) => ({
    title,
    from: m.range.from,
    to: m.range.to,
    bands: markers(m, f),
    timeLabel: (t: number) => f.clock(t),
    xCaption: text(L, 'chartTime', { zone: f.zone }),
    yCaption,
    offsetMs: f.offsetMs(m.range.from),
  });
  if (!m.logs.ok) doc.push({ k: 'note', text: [{ t: 'chartMissing', v: { reason: m.logs.reason } }] });
  else {
    const l = m.logs.value;
    const bucket = l.failedLogins.bucketSeconds;
    const t1 = text(L, 'chartFailed', { bucket });
    doc.push({
      k: 'chart',
      file: 'failed-logins.svg',
      title: t1,
      svg: histogramChart(frame(t1, text(L, 'chartCount')), l.failedLogins.histogram, bucket * 1000),
    });
    const t2 = text(L, 'chartErrors', { bucket: l.errors.bucketSeconds });
    doc.push({
      k: 'chart',
      file: 'errors.svg',
      title: t2,
      svg: histogramChart(frame(t2, text(L, 'chartCount')), l.errors.histogram, l.errors.bucketSeconds * 1000),
    });
  }
  if (!m.metrics.ok) doc.push({ k: 'note', text: [{ t: 'chartMissing', v: { reason: m.metrics.reason } }] });
  else {
    const t3 = text(L, 'chartCpu', { threshold: m.thresholds.highCpu.abovePercent });
    doc.push({
      k: 'chart',
      file: 'cpu.svg',
      title: t3,
      svg: percentChart(frame(t3, '%'), m.metrics.value.cpu, m.thresholds.highCpu.abovePercent, `${m.thresholds.highCpu.abovePercent} %`),
    });
    const t4 = text(L, 'chartMem', { threshold: m.thresholds.highMemory.abovePercent });
    doc.push({
      k: 'chart',
      file: 'memory.svg',
      title: t4,
      svg: percentChart(frame(t4, '%'), m.metrics.value.memory, m.thresholds.highMemory.abovePercent, `${m.thresholds.highMemory.abovePercent} %`, 'memory'),
    });
  }

  doc.push({ k: 'h', level: 3, text: [{ t: 'alertsHeading' }] });
  if (!m.alerts.length)
    doc.push({
      k: 'p',
      text: [{ t: m.alertHistoryAvailable ? 'noAlerts' : m.scenarios.length && m.alertSource !== 'none' ? 'noAlertsReplayed' : 'alertSourceNone' }],
    });
  else {
    doc.push({
      k: 'table',
      head: [[{ t: 'colRule' }], [{ t: 'colFired' }], [{ t: 'colCleared' }], [{ t: 'colValue' }], [{ t: 'colOrigin' }], [{ t: 'colEvidence' }]],
      rows: m.alerts.map((a) => [
        [ruleTitle(a.ruleId, L)],
        [f.time(a.firedAt)],
        [f.time(a.clearedAt)],
        [`${f.num(a.value, 1)} / ${f.num(a.threshold, 1)}`],
        [{ t: a.origin === 'history' ? 'originHistory' : 'originReplay' }],
        [a.summary],
      ]),
    });
  }
  doc.push({ k: 'p', text: [{ strong: [{ t: 'thresholdsHeading' }] }, ': '] });
  doc.push({
    k: 'ul',
    items: [
      [{ t: 'thrBrute', v: { threshold: m.thresholds.bruteForce.threshold, window: m.thresholds.bruteForce.windowSeconds } }],
      [{ t: 'thrErrors', v: { threshold: m.thresholds.errorBurst.threshold, window: m.thresholds.errorBurst.windowSeconds } }],
      [{ t: 'thrCpu', v: { threshold: m.thresholds.highCpu.abovePercent, for: m.thresholds.highCpu.forSeconds } }],
      [{ t: 'thrMem', v: { threshold: m.thresholds.highMemory.abovePercent, for: m.thresholds.highMemory.forSeconds } }],
    ],
  });

  doc.push({ k: 'h', level: 3, text: [{ t: 'inventoryHeading' }] });
  if (!src.docker.ok) doc.push(missing(src.docker.reason));
  else {
    doc.push({
      k: 'table',
      head: [[{ t: 'colService' }], [{ t: 'colState' }], [{ t: 'colImage' }], [{ t: 'colImageId' }], [{ t: 'colPorts' }]],
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

  doc.push({ k: 'h', level: 3, text: [{ t: 'queriesHeading' }] });
  doc.push({ k: 'p', text: [{ t: 'queriesPerRun' }] });
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

  doc.push({ k: 'h', level: 3, text: [{ t: 'linksHeading' }] });
  if (m.links) doc.push({ k: 'ul', items: [[{ link: m.links.kibana, label: 'Kibana Discover' }], [{ link: m.links.grafana, label: 'Grafana' }]] });
  else doc.push({ k: 'p', text: [{ t: 'linksLite', v: { profile: m.lab.profile } }] });

  doc.push({ k: 'h', level: 3, text: [{ t: 'filesHeading' }] });
  doc.push({ k: 'p', text: [{ t: 'filesText' }] });
  doc.push({ k: 'h', level: 3, text: [{ t: 'omittedHeading' }] });
  doc.push({ k: 'p', text: [{ t: 'omitSecrets' }] });
  return doc;
}
