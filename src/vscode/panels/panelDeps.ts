// What the panels need from the rest of the extension. The host wires these to the running stack;
// each getter is asked on every poll, so a lab started or stopped later is picked up without re-wiring.
import type { FiredAlert, MetricRuleSettings } from '../../core/charts';
import type { LogStore } from '../../core/logs/logStore';
import type { PrometheusClient } from '../../core/metrics/prometheusClient';
import type { ScenarioRecord } from '../../core/scenarios/records';
import type { StatsSource } from '../../core/docker/statsSampler';

/** The parts of LogStore the Security Events panel reads (narrow, so tests can fake it). */
export type EventStore = Pick<LogStore, 'tail' | 'histogram' | 'top' | 'search'>;

/** The parts of PrometheusClient the System Metrics panel reads. */
export type MetricsStore = Pick<PrometheusClient, 'queryRange'>;

/** The parts of ScenarioRecords the panels read (markers). */
export interface ScenarioRecordSource {
  inRange(from: number, to: number): Promise<ScenarioRecord[]>;
}

export interface PanelDeps {
  /** The lab's log store, or undefined while the lab is stopped. */
  logStore(): EventStore | undefined;
  /** The lab's Prometheus, or undefined while the lab is stopped. */
  prometheus(): MetricsStore | undefined;
  records: ScenarioRecordSource;
  /** Container CPU/memory (the stack's one stats sampler, src/core/docker/statsSampler.ts); without it the panel says per-container stats are unavailable. */
  stats?: StatsSource;
  /** Prometheus' scrape interval (resources/stack/prometheus.yml), for rate windows and steps. */
  scrapeIntervalSeconds: number;
  /** The High CPU / High memory rules' settings, read per poll: their thresholds are drawn on the host charts. */
  detection?: () => { highCpu: MetricRuleSettings; highMemory: MetricRuleSettings } | undefined;
  /** The alerts fired so far (active and history; in memory, so cheap), drawn where they fired on the host charts. */
  alerts?: () => readonly FiredAlert[];
  /** Where dropped messages and poll failures are logged; registerPanels makes an output channel if absent. */
  log?: (line: string) => void;
}
