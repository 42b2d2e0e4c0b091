// The guided exercise's progress as context keys: which real events have happened. Pure (no editor import), so the
// mapping from the extension's events to keys is unit-tested; src/vscode/walkthrough.ts wires it to the events and
// to setContext. Each step of `contributes.walkthroughs` completes through `onContext:` on these keys.
//
// Why every key is an event that stays true, and why each step lists its expression twice (WALKTHROUGH_PAGE_GATES):
// VS Code's walkthroughs service (gettingStartedService.ts, 1.139) is created lazily, the first time Get Started or a
// walkthrough opens. When it registers a step, an `onContext:` expression that is ALREADY true is recorded as a
// session event without completing the step, and an event already recorded never completes anything for the rest of
// the window's session. So a step whose event happened before the user first opened Get Started (start the lab,
// then look at the exercise) would never tick. Each step therefore completes on `<keys> && activeEditor ==
// gettingStartedPage` OR `<keys> && activeEditor != gettingStartedPage`: at registration at most one of the two is
// true, and the other turns true the next time the walkthrough page becomes, or stops being, the active editor (the
// page is not yet active when the service registers the walkthrough from "Open Walkthrough..."). For that to work
// the keys must still be true then, hence events that stay true rather than states that follow the lab.
import type { RuleId } from '../core/detect/rule';
import type { ScenarioKind } from '../core/scenarios/params';
import { summarizeServices, type ServiceState } from '../core/stack/labState';
import type { PanelKind } from '../shared/panelProtocol';

/** The walkthrough's id in package.json (VS Code's full id is `<publisher>.<name>#<id>`). */
export const WALKTHROUGH_ID = 'exercise';

const PREFIX = 'monitoringLab.walkthrough.';

/**
 * The workbench's own context key for the active editor pane, and its value while a walkthrough (the Get Started
 * page) is the active editor. A step's expression is listed once with each gate (see the top of this file).
 */
export const WALKTHROUGH_PAGE_GATES = ['activeEditor == gettingStartedPage', 'activeEditor != gettingStartedPage'] as const;

/** Every key this module sets: each is an event that, once seen, stays true for the window's session. */
export const WALKTHROUGH_KEYS = {
  /** The engine answered (the engine check, or the lab's own probe). */
  engineReady: `${PREFIX}engineReady`,
  /** The lab came up: every service of the profile running, healthy where it has a health check. */
  labStarted: `${PREFIX}labStarted`,
  /** Elasticsearch answered and every Prometheus target read UP (Check Elasticsearch and Prometheus Targets). */
  targetsUp: `${PREFIX}targetsUp`,
  securityEventsOpened: `${PREFIX}securityEventsOpened`,
  systemMetricsOpened: `${PREFIX}systemMetricsOpened`,
  bruteForceFinished: `${PREFIX}bruteForceFinished`,
  errorBurstFinished: `${PREFIX}errorBurstFinished`,
  cpuStressFinished: `${PREFIX}cpuStressFinished`,
  memoryPressureFinished: `${PREFIX}memoryPressureFinished`,
  /** Kibana's Discover was opened from the extension (full profile). */
  kibanaOpened: `${PREFIX}kibanaOpened`,
  /** The lab's Grafana dashboard was opened from the extension (full profile). */
  grafanaOpened: `${PREFIX}grafanaOpened`,
  /** The brute-force rule raised its alert. */
  bruteForceAlerted: `${PREFIX}bruteForceAlerted`,
  reportWritten: `${PREFIX}reportWritten`,
} as const;

export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[keyof typeof WALKTHROUGH_KEYS];

const SCENARIO_KEYS: Record<ScenarioKind, WalkthroughKey> = {
  'brute-force': WALKTHROUGH_KEYS.bruteForceFinished,
  'error-burst': WALKTHROUGH_KEYS.errorBurstFinished,
  'cpu-stress': WALKTHROUGH_KEYS.cpuStressFinished,
  'memory-pressure': WALKTHROUGH_KEYS.memoryPressureFinished,
};

const PANEL_KEYS: Record<PanelKind, WalkthroughKey> = {
  securityEvents: WALKTHROUGH_KEYS.securityEventsOpened,
  systemMetrics: WALKTHROUGH_KEYS.systemMetricsOpened,
};

const ALERT_KEYS: Partial<Record<RuleId, WalkthroughKey>> = {
  'brute-force': WALKTHROUGH_KEYS.bruteForceAlerted,
};

/** What the lab session knows (LabSession.engineState and .model). */
export interface LabSnapshot {
  engine: 'unknown' | 'reachable' | 'unreachable' | 'misconfigured';
  services: readonly ServiceState[];
}

/** Every service of the profile counted healthy by the lab's one summary (running, healthy where it has a check). */
function labIsHealthy(services: readonly ServiceState[]): boolean {
  const summary = summarizeServices(services);
  return summary.total > 0 && summary.healthy === summary.total;
}

export class WalkthroughProgress {
  private readonly seen = new Set<WalkthroughKey>();

  /** `setContext` is called once per key, with true, when its event first happens. */
  constructor(private readonly setContext: (key: WalkthroughKey, value: boolean) => void) {}

  /** The lab session changed (engine state or services). */
  lab(snapshot: LabSnapshot): void {
    // An engine not yet probed, or settings that do not make a lab (the engine is not to blame), say nothing of it.
    if (snapshot.engine === 'reachable') this.set(WALKTHROUGH_KEYS.engineReady);
    // A model read before the engine went away is not a lab that came up.
    if (snapshot.engine !== 'unreachable' && labIsHealthy(snapshot.services)) this.set(WALKTHROUGH_KEYS.labStarted);
  }

  /** The engine check command answered. */
  engineChecked(ok: boolean): void {
    if (ok) this.set(WALKTHROUGH_KEYS.engineReady);
  }

  /** The targets check answered: Elasticsearch and every Prometheus target up. */
  targetsChecked(ok: boolean): void {
    if (ok) this.set(WALKTHROUGH_KEYS.targetsUp);
  }

  panelShown(kind: PanelKind): void {
    this.set(PANEL_KEYS[kind]);
  }

  /** A scenario run ended; only a run that went to its end counts (a cancelled one is not the exercise done). */
  scenarioFinished(run: { kind: ScenarioKind; cancelled: boolean }): void {
    if (!run.cancelled) this.set(SCENARIO_KEYS[run.kind]);
  }

  alertFired(alert: { ruleId: RuleId }): void {
    const key = ALERT_KEYS[alert.ruleId];
    if (key) this.set(key);
  }

  /** Kibana or Grafana was handed to the browser (a command that failed or was declined does not count). */
  dashboardOpened(dashboard: 'kibana' | 'grafana'): void {
    this.set(dashboard === 'kibana' ? WALKTHROUGH_KEYS.kibanaOpened : WALKTHROUGH_KEYS.grafanaOpened);
  }

  reportWritten(): void {
    this.set(WALKTHROUGH_KEYS.reportWritten);
  }

  /** Whether the key's event has happened (true), or not yet (undefined: the key was never set). */
  value(key: WalkthroughKey): true | undefined {
    return this.seen.has(key) ? true : undefined;
  }

  private set(key: WalkthroughKey): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.setContext(key, true);
  }
}
