// The lab as the editor and the CLI use it: start, secrets, endpoints, scenario targets, port access.
export { startLab, StartLabOptions, StartLabResult } from './startLab';
export { readLabSecrets } from './labSecrets';
export { serviceUrl, withServiceAccess, ServiceAccess, ReachableConfig, SCRAPE_INTERVAL_SECONDS } from './endpoints';
export { scenarioTarget, LabNotRunningError } from './scenarioTarget';
export {
  LabPortAccess,
  PortAccessResult,
  PortAccessProblem,
  PublishedPort,
  describeTunnel,
  publishedPorts,
  remoteEngineReachProblem,
  sshTunnelOpener,
} from './portAccess';
