// The guided exercise's progress as context keys: which real events have happened. Pure (no editor import), so the
// mapping from the extension's events to keys is unit-tested; src/vscode/walkthrough.ts wires it to the events and
// to setContext. Each step of `contributes.walkthroughs` completes through `onContext:` on these keys.
import type { RuleId } from '../core/detect/rule';
import type { ScenarioKind } from '../core/scenarios/params';
import type { PanelKind } from '../shared/panelProtocol';

/** The walkthrough's id in package.json (VS Code's full id is `<publisher>.<name>#<id>`). */
export const WALKTHROUGH_ID = 'exercise';

const PREFIX = 'monitoringLab.walkthrough.';

/** Every key this module sets. States follow the lab; events, once seen, stay true for the window's session. */
export const WALKTHROUGH_KEYS = {
  /** State: the engine answers (the engine check, or the lab's own probe). */
  engineReady: `${PREFIX}engineReady`,
  /** State: every service of the profile running, healthy where it has a health check. */
  labHealthy: `${PREFIX}labHealthy`,
  /** Event: Elasticsearch answered and every Prometheus target read UP (Check Elasticsearch and Prometheus Targets). */
  targetsUp: `${PREFIX}targetsUp`,
  securityEventsOpened: `${PREFIX}securityEventsOpened`,
  systemMetricsOpened: `${PREFIX}systemMetricsOpened`,
  bruteForceFinished: `${PREFIX}bruteForceFinished`,
  errorBurstFinished: `${PREFIX}errorBurstFinished`,
  cpuStressFinished: `${PREFIX}cpuStressFinished`,
  memoryPressureFinished: `${PREFIX}memoryPressureFinished`,
  /** Event: the brute-force rule raised its alert. */
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
  services: ReadonlyArray<{ state: string; health: string }>;
}

export function labIsHealthy(services: LabSnapshot['services']): boolean {
  return services.length > 0 && services.every((s) => s.state === 'running' && (s.health === 'healthy' || s.health === 'none'));
}

export class WalkthroughProgress {
  private readonly values = new Map<WalkthroughKey, boolean>();

  /** `setContext` is called only when a key's value changes. */
  constructor(private readonly setContext: (key: WalkthroughKey, value: boolean) => void) {}

  /** The lab session changed (engine state or services). */
  lab(snapshot: LabSnapshot): void {
    // An engine not yet probed, or settings that do not make a lab (the engine is not to blame), say nothing of it.
    if (snapshot.engine === 'reachable' || snapshot.engine === 'unreachable') this.set(WALKTHROUGH_KEYS.engineReady, snapshot.engine === 'reachable');
    this.set(WALKTHROUGH_KEYS.labHealthy, snapshot.engine !== 'unreachable' && labIsHealthy(snapshot.services));
  }

  /** The engine check command answered. */
  engineChecked(ok: boolean): void {
    this.set(WALKTHROUGH_KEYS.engineReady, ok);
  }

  /** The targets check answered: Elasticsearch and every Prometheus target up. */
  targetsChecked(ok: boolean): void {
    if (ok) this.set(WALKTHROUGH_KEYS.targetsUp, true);
  }

  panelShown(kind: PanelKind): void {
    this.set(PANEL_KEYS[kind], true);
  }

  /** A scenario run ended; only a run that went to its end counts (a cancelled one is not the exercise done). */
  scenarioFinished(run: { kind: ScenarioKind; cancelled: boolean }): void {
    if (!run.cancelled) this.set(SCENARIO_KEYS[run.kind], true);
  }

  alertFired(alert: { ruleId: RuleId }): void {
    const key = ALERT_KEYS[alert.ruleId];
    if (key) this.set(key, true);
  }

  reportWritten(): void {
    this.set(WALKTHROUGH_KEYS.reportWritten, true);
  }

  /** The key's current value (undefined: never set). */
  value(key: WalkthroughKey): boolean | undefined {
    return this.values.get(key);
  }

  private set(key: WalkthroughKey, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    this.setContext(key, value);
  }
}
