// Detection: rules over the lab's logs, metrics and engine state → alerts (fire, clear, history).
export * from './alert';
export { AlertManager, type AlertManagerOptions } from './alertManager';
export { attributeScenario } from './attribution';
export { type Clock, type Timers, systemClock, systemTimers } from './clock';
export { DetectionEngine, type DetectionEngineOptions, type TickReport } from './detectionEngine';
export { Emitter, type Event, type Subscription } from './emitter';
export { describeEvaluationError } from './evaluationError';
export { type EvidenceFocus, evidenceFocus } from './evidenceFocus';
export { type LabStatus, type StatusLevel, labStatus } from './labStatus';
export { NotificationGate, type NotificationDecision } from './notificationGate';
export type { EvidenceSource, Measurement, Rule, RuleId, Severity, Subject } from './rule';
export { type EvidenceSources, createRules } from './rules';
export * from './serviceStates';
export * from './settings';
export type { LogCounts, MetricRanges, ScenarioLookup } from './sources';
