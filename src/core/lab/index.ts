// The lab as the editor and the CLI use it: start, secrets, endpoints, scenario targets.
export { startLab, StartLabOptions, StartLabResult } from './startLab';
export { readLabSecrets } from './labSecrets';
export { serviceUrl, SCRAPE_INTERVAL_SECONDS } from './endpoints';
export { scenarioTarget, LabNotRunningError } from './scenarioTarget';
