// The lab's rule set, built from settings and the evidence sources. Disabled rules are simply absent.
import { hostCpuBusy, hostMemoryUsed } from '../../metrics/promql';
import type { DetectionSettings } from '../settings';
import type { Rule } from '../rule';
import type { LogCounts, MetricRanges } from '../sources';
import type { ServiceStatesSource } from '../serviceStates';
import { bruteForceRule } from './bruteForce';
import { containerDownRule } from './containerDown';
import { errorBurstRule } from './errorBurst';
import { eventsDroppedRule } from './eventsDropped';
import { sustainedMetricRule } from './sustainedMetric';

export interface EvidenceSources {
  logs: LogCounts;
  prometheus: MetricRanges;
  services: ServiceStatesSource;
}

export function createRules(settings: DetectionSettings, sources: EvidenceSources): Rule[] {
  const logMs = settings.logIntervalSeconds * 1000;
  const metricMs = settings.metricIntervalSeconds * 1000;
  const scrape = settings.scrapeIntervalSeconds;
  const rules: Rule[] = [];
  if (!settings.enabled) return rules;
  if (settings.bruteForce.enabled) rules.push(bruteForceRule(settings.bruteForce, sources.logs, logMs));
  if (settings.errorBurst.enabled) rules.push(errorBurstRule(settings.errorBurst, sources.logs, logMs));
  if (settings.highCpu.enabled) {
    const spec = { id: 'high-cpu', title: 'High CPU', what: 'host CPU busy', ratioQuery: hostCpuBusy(scrape) } as const;
    rules.push(sustainedMetricRule(spec, settings.highCpu, sources.prometheus, scrape, metricMs));
  }
  if (settings.highMemory.enabled) {
    const spec = { id: 'high-memory', title: 'High memory', what: 'host memory used', ratioQuery: hostMemoryUsed() } as const;
    rules.push(sustainedMetricRule(spec, settings.highMemory, sources.prometheus, scrape, metricMs));
  }
  if (settings.containerDown.enabled) rules.push(containerDownRule(sources.services, logMs));
  if (settings.eventsDropped.enabled) rules.push(eventsDroppedRule(sources.prometheus, scrape, metricMs));
  return rules;
}

export { bruteForceRule, containerDownRule, errorBurstRule, eventsDroppedRule, sustainedMetricRule };
