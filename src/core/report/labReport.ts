// A report of a running (or stopped) lab, wired from its configuration: the editor and the CLI both call this.
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { LabConfig } from '../config';
import type { Alert } from '../detect/alert';
import type { DetectionSettings } from '../detect/settings';
import { SCRAPE_INTERVAL_SECONDS, serviceUrl } from '../lab/endpoints';
import { readLabSecrets } from '../lab/labSecrets';
import { createLogStore, createPrometheusClient } from '../attach/clients';
import type { ScenarioRecord } from '../scenarios/records';
import { labDirFor } from '../stack/labDir/labDirectory';
import { stackStatus } from '../stack/engine/status';
import { gatherReport } from './gather';
import type { ReportModel, TimeWindow } from './model';
import type { Language } from '../l10n/translate';
import { type ReportFormat, type WrittenReport, reportFolderName, writeReport } from './writer';

export interface LabReportOptions {
  config: LabConfig;
  docker?: Docker;
  records: readonly ScenarioRecord[];
  alertHistory?: readonly Alert[];
  detection: DetectionSettings;
  range: TimeWindow;
  lang: Language;
  formats: readonly ReportFormat[];
  /** Default: <lab folder>/reports/<timestamp>. */
  outDir?: string;
  timeZone?: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Where reports of this lab go. */
export function reportsDir(config: LabConfig): string {
  return path.join(labDirFor(config), 'reports');
}

export async function generateLabReport(options: LabReportOptions): Promise<{ model: ReportModel; written: WrittenReport }> {
  const { config } = options;
  const now = Date.now();
  // The lab's Elasticsearch and Prometheus, or the attached ones (monitoringLab.mode): one factory for both.
  const logs = createLogStore(config, { requestTimeoutMs: 10_000 });
  const prometheus = createPrometheusClient(config, { timeoutMs: 10_000 });
  const esUrl = logs.endpointUrl;
  const promUrl = prometheus.url;
  const attached = config.mode === 'attach';
  try {
    // Attach mode has no containers of its own to list.
    const docker = attached ? undefined : options.docker;
    const model = await gatherReport({
      range: options.range,
      lang: options.lang,
      lab: { project: config.projectName, profile: config.profile, logIndex: logs.indexName, elasticsearchUrl: esUrl, prometheusUrl: promUrl },
      logs,
      prometheus,
      records: options.records,
      ...(options.alertHistory ? { alertHistory: options.alertHistory } : {}),
      ...(docker ? { inventory: () => stackStatus(docker, config) } : {}),
      detection: options.detection,
      scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
      ...(config.profile === 'full' && !attached ? { dashboards: { kibanaUrl: serviceUrl(config, 'kibana'), grafanaUrl: serviceUrl(config, 'grafana') } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      now,
    });
    const secrets = Object.values(readLabSecrets(config)).filter((s): s is string => typeof s === 'string');
    const written = await writeReport(model, {
      dir: options.outDir ?? path.join(reportsDir(config), reportFolderName(now)),
      formats: options.formats,
      logs,
      secrets,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { model, written };
  } finally {
    await logs.close().catch(() => undefined);
  }
}
