export * from './model';
export * from './errors';
export * from './interpolate';
export * from './loader';
export { parsePortShort, parseVolumeShort, parseDurationSeconds, shellSplit } from './syntax';
