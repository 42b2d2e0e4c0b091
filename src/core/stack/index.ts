// Monitoring Lab's stack: the compose file as data, planned and driven through dockerode.
export * from './compose';
export { loadStackPlan, activeProfiles } from './loadPlan';
export { prepareLabDir, labDirFor, PreparedLabDir } from './labDir/labDirectory';
export { labDirectory, resolveHostPath } from './labDir/labPaths';
export { planStack, PlanContext } from './plan/planStack';
export { StackPlan, PlannedService, HostPortClaim } from './plan/model';
export { DependencyCycleError, dependencyOrder } from './plan/order';
export { PortInUseError } from './plan/portCheck';
export { LABEL, containerName } from './plan/labels';
export { upStack, UpResult } from './engine/up';
export { downStack, resetStack, restartService, ResetResult } from './engine/lifecycle';
export { stackStatus, expectedServices, healthFromStatusLine, StackStatusReader, readerPatches, ServiceStatus, ServicePort } from './engine/status';
export * from './labState';
export { StackWatcher, StackWatcherOptions, StackModelPatches, EventEffect, classifyEvent } from './engine/watcher';
export { EngineEventStream, EngineEvent } from './engine/engineEvents';
export { StackProgress, StackPhase, StackOperationOptions, ProgressListener } from './engine/progress';
export { ServiceFailedError, StackCancelledError, StackTimeoutError } from './engine/errors';
export { startServiceContainer, stopServiceContainer, followServiceLogs } from './engine/serviceControl';
