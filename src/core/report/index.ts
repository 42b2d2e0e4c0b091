// The lab report: gather (reads) → one model → pure renderers (Markdown, HTML, SVG) → a folder on disk.
export * from './model';
export { gatherReport, type GatherOptions, metricStats, BASELINE_MS, HISTOGRAM_BUCKET_SECONDS } from './gather';
export { replayRules } from './replay';
export { buildDocument, type RenderOptions } from './document';
export { renderMarkdown } from './markdown';
export { renderHtml, REPORT_CSP } from './html';
export { escapeHtml, escapeMarkdown } from './escape';
export { writeReport, redact, reportFolderName, sha256File, REPORT_FORMATS, type ReportFormat, type WrittenReport } from './writer';
export { generateLabReport, reportsDir, type LabReportOptions } from './labReport';
