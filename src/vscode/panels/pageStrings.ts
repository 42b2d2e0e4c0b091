// Every sentence a panel's page shows, in the current language: the pages hold no text of their own. Placeholders
// ({0}, {1}) are filled by the page with its numbers; values from logs never go into these tables.
import { locale, t } from '../../core/l10n';
import type { CommonStringKey, StringTable } from '../../shared/panelProtocol';
import type { SecurityEventsInit } from '../../shared/securityEventsProtocol';
import type { SystemMetricsInit } from '../../shared/systemMetricsProtocol';

function commonStrings(): StringTable<CommonStringKey> {
  return {
    loading: t('Loading…'),
    labNotRunning: t('The lab is not running'),
    sourceUnreachable: t('{0} is unreachable'),
    queryFailed: t('A query failed'),
    startLab: t('Start the lab'),
    retryNow: t('Retry now'),
    legendLabel: t('Scenario runs in this range'),
    legendNow: t('now'),
    alertEvidence: t('Alert evidence'),
  };
}

export function securityEventsInit(): SecurityEventsInit {
  return {
    lang: locale(),
    strings: {
      ...commonStrings(),
      title: t('Security Events'),
      tabFailedLogins: t('Failed logins'),
      tabErrors: t('Errors'),
      emptyFailedLogins: t('No failed logins in the last 15 minutes. Run the Brute force scenario to see an attack arrive here.'),
      emptyErrors: t('No error events in the last 15 minutes. Run the Error burst scenario to see some.'),
      noEventsYet: t('No events to show yet.'),
      noRowsMatch: t('No rows match the filter.'),
      pause: t('Pause'),
      resume: t('Resume'),
      pauseLabel: t('Pause the live list'),
      resumeLabel: t('Resume the live list'),
      paused: t('Paused'),
      live: t('Live'),
      histogramCaption: t('Failed logins per 10 s, last 15 minutes'),
      histogramCaptionTotal: t('Failed logins per {0} s, last 15 minutes (total {1}, scale 0–{2})'),
      histogramLabel: t('Histogram: {0} failed logins in the last 15 minutes'),
      summaryLabel: t('Failed logins over time'),
      topSources: t('Top sources'),
      topUsers: t('Top users'),
      topEmpty: t('No failed logins yet'),
      filter: t('Filter'),
      filterPlaceholder: t('user, source, agent…'),
      filterCount: t('{0} of {1} shown'),
      eventLists: t('Event lists'),
      tableFailedLogins: t('Failed logins, newest first'),
      tableErrors: t('Error events, newest first'),
      droppedOne: t("1 event dropped by the app since it started: it never reached Elasticsearch, so the lists and counts here may be missing it (the app's log output still has it: Stack view → app → Show Logs)."),
      droppedMany: t("{0} events dropped by the app since it started: they never reached Elasticsearch, so the lists and counts here may be missing some of them (the app's log output still has them: Stack view → app → Show Logs)."),
      colTime: t('Time'),
      colUser: t('User'),
      colSource: t('Source'),
      colUserAgent: t('User agent'),
      colPath: t('Path'),
      colStatus: t('Status'),
      colError: t('Error'),
      colMessage: t('Message'),
    },
  };
}

export function systemMetricsInit(): SystemMetricsInit {
  return {
    lang: locale(),
    strings: {
      ...commonStrings(),
      title: t('System Metrics'),
      hostHeading: t('Host (Node Exporter)'),
      containersHeading: t('Containers'),
      waitingForStats: t('Waiting for container stats…'),
      statsUnavailable: t('Per-container stats are not available (no stats sampler is running).'),
      noStatsYet: t('No container stats yet: they appear while the lab runs and this panel is visible.'),
      containersRange: t('Last {0} minutes, sampled while this panel is visible.'),
      hostRange: t('Last 15 minutes, {0}–{1}; {2} points per series'),
      cpu: t('CPU'),
      memory: t('Memory'),
      noMemoryLimit: t('No memory limit set, so no percentage.'),
      memoryOf: t('{0} of {1}'),
      memoryNoLimit: t('{0} (no limit)'),
      metricNumbers: t('now {0}, min {1}, max {2}'),
      metricRange: t('min {0} · max {1}'),
      metricChartLabel: t('{0}: {1}'),
      metricNoDataLabel: t('{0}: no data in this range'),
      metricNoData: t('No data in this range yet.'),
    },
  };
}
