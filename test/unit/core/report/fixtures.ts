// Report models for renderer tests: a full lab with hostile log values, one with missing sources, an empty one.
import type { EventSummary } from '../../../../src/core/logs/logStore';
import { REPORT_MODEL_VERSION, type ReportModel, type ScenarioSection } from '../../../../src/core/report/model';
import type { Language } from '../../../../src/core/l10n';

export const T0 = Date.UTC(2026, 10, 29, 14, 0, 0);

/** Values an attacker can put in a log event (user name, user agent, error message, route). */
export const HOSTILE = [
  '](javascript:alert(1))',
  '[click](javascript:alert(1))',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'a|b|c',
  'line1\nline2\r\n| injected | row |',
  '`code` ``` fence',
  'http://evil.example/x www.evil.example',
  '**bold** _it_ # heading',
  '&lt;entity&gt; &amp;',
  '"quoted" \'single\'',
  '$x^2$ and $$math$$',
  'mail me: evil@example.com, ftp://x.y/z',
];

export function summary(count: number, extra: Partial<EventSummary> = {}): EventSummary {
  return {
    count,
    ...(count ? { first: T0 + 10_000, last: T0 + 12_000 } : {}),
    distinctUsers: count ? 1 : 0,
    bucketSeconds: 10,
    histogram: Array.from({ length: 36 }, (_, i) => ({ start: T0 + i * 10_000, count: i === 1 ? count : 0 })),
    ...(count ? { peakMinute: { start: T0, count } } : {}),
    top: {},
    ...extra,
  };
}

function section(kind: ScenarioSection['record']['kind'], start: number, end: number, extra: Partial<ScenarioSection> = {}): ScenarioSection {
  return {
    record: {
      id: `${kind}-1`,
      kind,
      params: { count: 30 },
      startedAt: start,
      endedAt: end,
      outcome: 'completed',
      counts: kind === 'brute-force' ? { '401': 30 } : {},
    },
    mitigation: false,
    window: { from: start, to: end + 2000 },
    logs: { ok: true, value: { failedLogins: summary(0), errors: summary(0), lockouts: 0, malformed: 0 } },
    cpu: {
      ok: true,
      value: {
        baseline: { min: 5, mean: 7.5, max: 10, peakAt: start - 5000, samples: 24 },
        run: { min: 20, mean: 70, max: 99.5, peakAt: start + 20_000, samples: 12 },
        baselineWindow: { from: start - 120_000, to: start },
        runWindow: { from: start, to: end },
      },
    },
    memory: {
      ok: true,
      value: {
        baseline: { min: 40, mean: 41, max: 42, peakAt: start - 5000, samples: 24 },
        run: { min: 41, mean: 42, max: 43, peakAt: start, samples: 12 },
        baselineWindow: { from: start - 120_000, to: start },
        runWindow: { from: start, to: end },
      },
    },
    expectedRule: kind === 'brute-force' ? 'brute-force' : kind === 'error-burst' ? 'error-burst' : kind === 'cpu-stress' ? 'high-cpu' : 'high-memory',
    alerts: [],
    ...extra,
  };
}

/** A lab where a brute force ran with hostile user names, agents and error messages. */
export function hostileModel(lang: Language = 'en'): ReportModel {
  const hostileTop = HOSTILE.map((value, i) => ({ value, count: 30 - i }));
  const failed = summary(30, {
    distinctUsers: HOSTILE.length,
    top: { 'source.ip': [{ value: '203.0.113.7', count: 30 }], 'user.name': hostileTop, 'user_agent.original': hostileTop },
  });
  const errors = summary(20, { top: { 'error.type': HOSTILE.map((value) => ({ value, count: 2, sample: value })), 'url.path': hostileTop } });
  const bf = section('brute-force', T0 + 10_000, T0 + 12_500, {
    logs: { ok: true, value: { failedLogins: failed, errors: summary(0), lockouts: 0, malformed: 0 } },
    lastActivityAt: T0 + 12_000,
    alerts: [
      {
        ruleId: 'brute-force',
        title: 'Brute-force login attempts',
        origin: 'replay',
        firedAt: T0 + 13_000,
        value: 30,
        threshold: 20,
        summary: `30 failed logins from ${HOSTILE[0]}`,
      },
    ],
  });
  bf.record.params = { usernames: HOSTILE, count: 30 };
  const er = section('error-burst', T0 + 60_000, T0 + 65_000, {
    logs: { ok: true, value: { failedLogins: summary(0), errors, lockouts: 0, malformed: 0 } },
    lastActivityAt: T0 + 65_000,
  });
  const cpu = section('cpu-stress', T0 + 120_000, T0 + 180_000);
  const points = (f: (i: number) => number): Array<[number, number]> => Array.from({ length: 73 }, (_, i) => [T0 + i * 5000, f(i)]);
  return {
    version: REPORT_MODEL_VERSION,
    lang,
    generatedAt: T0 + 400_000,
    range: { from: T0, to: T0 + 360_000 },
    lab: {
      project: 'monitoring-lab',
      profile: 'full',
      logIndex: 'lab-logs',
      elasticsearchUrl: 'http://127.0.0.1:9200',
      prometheusUrl: 'http://127.0.0.1:9090',
    },
    sources: {
      elasticsearch: { ok: true, value: { version: '9.5.3', product: 'Elasticsearch' } },
      prometheus: { ok: true, value: { version: '2.42.0' } },
      docker: {
        ok: true,
        value: [
          { service: 'app', state: 'running', image: 'monitoring-lab/app:0.1.0', imageId: 'sha256:0123456789abcdef0123', ports: ['127.0.0.1:8088→8080/tcp'] },
        ],
      },
    },
    logs: { ok: true, value: { failedLogins: failed, errors, lockouts: 0, malformed: 1, total: 60 } },
    metrics: { ok: true, value: { stepSeconds: 5, cpu: points((i) => (i > 24 && i < 36 ? 99 : 8)), memory: points(() => 41) } },
    scenarios: [bf, er, cpu],
    alerts: bf.alerts,
    alertSource: 'replay',
    alertHistoryAvailable: false,
    thresholds: {
      bruteForce: { threshold: 20, windowSeconds: 60 },
      errorBurst: { threshold: 10, windowSeconds: 60 },
      highCpu: { abovePercent: 80, forSeconds: 20 },
      highMemory: { abovePercent: 90, forSeconds: 20 },
    },
    queries: [{ title: 'Failed logins', engine: 'elasticsearch', target: 'POST lab-logs/_search', text: '{"size":0}' }],
    links: { kibana: 'http://127.0.0.1:5601/app/discover#/view/x?_g=(time:(from:now))', grafana: 'http://127.0.0.1:3000/d/lab?orgId=1' },
    omitted: ['demo password', 'admin token', 'Grafana admin password'],
  };
}

/** Elasticsearch and Prometheus unreachable. */
export function missingModel(): ReportModel {
  const m = hostileModel();
  const es = 'Elasticsearch at http://127.0.0.1:9200 is unreachable (ECONNREFUSED)';
  const prom = 'Prometheus at http://127.0.0.1:9090 is unreachable (ECONNREFUSED)';
  m.sources.elasticsearch = { ok: false, reason: es };
  m.sources.prometheus = { ok: false, reason: prom };
  m.logs = { ok: false, reason: es };
  m.metrics = { ok: false, reason: prom };
  m.alerts = [];
  m.alertSource = 'none';
  m.scenarios = m.scenarios.map((s) => ({
    ...s,
    logs: { ok: false, reason: es },
    cpu: { ok: false, reason: prom },
    memory: { ok: false, reason: prom },
    alerts: [],
    alertsUnavailable: s.record.kind === 'cpu-stress' ? prom : es,
  }));
  return m;
}

/** Nothing ran, nothing logged. */
export function emptyModel(): ReportModel {
  const m = hostileModel();
  m.scenarios = [];
  m.alerts = [];
  m.alertSource = 'none';
  m.logs = { ok: true, value: { failedLogins: summary(0), errors: summary(0), lockouts: 0, malformed: 0, total: 0 } };
  return m;
}
