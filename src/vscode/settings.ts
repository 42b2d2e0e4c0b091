// Settings are read here, once per operation, and handed to src/core as one typed LabConfig.
// src/core never reads settings itself.
import * as vscode from 'vscode';
import { LabConfig, LabConfigInput, LabService, Profile, NetworkMode, createLabConfig } from '../core/config';

const PORT_KEYS: Record<LabService, string> = {
  app: 'ports.app',
  elasticsearch: 'ports.elasticsearch',
  prometheus: 'ports.prometheus',
  'node-exporter': 'ports.nodeExporter',
  kibana: 'ports.kibana',
  grafana: 'ports.grafana',
};

/** Where the extension keeps the lab: stack copies and .env under its global storage, never its install folder. */
export function labPaths(context: vscode.ExtensionContext): Pick<LabConfigInput, 'labBaseDir' | 'stackSourceDir' | 'stackVersion'> {
  return {
    labBaseDir: context.globalStorageUri.fsPath,
    stackSourceDir: vscode.Uri.joinPath(context.extensionUri, 'resources', 'stack').fsPath,
    stackVersion: String((context.extension.packageJSON as { version?: string }).version ?? '0'),
  };
}

/** The current settings as a validated LabConfig; a LabConfigError names every bad setting. */
export function readLabConfig(context: vscode.ExtensionContext): LabConfig {
  const s = vscode.workspace.getConfiguration('monitoringLab');
  const ports: Partial<Record<LabService, number>> = {};
  for (const [service, key] of Object.entries(PORT_KEYS) as Array<[LabService, string]>) {
    const value = s.get<number>(key);
    if (value !== undefined) ports[service] = value;
  }
  const input: LabConfigInput = {
    ...labPaths(context),
    profile: s.get<Profile>('profile', 'lite'),
    networkMode: s.get<NetworkMode>('networkMode', 'bridge'),
    bindAddress: s.get<string>('bindAddress', '127.0.0.1'),
    ports,
    projectName: s.get<string>('projectName', 'monitoring-lab'),
    images: s.get<Partial<Record<LabService, string>>>('images', {}),
    logIndex: s.get<string>('logIndex', 'lab-logs'),
    behindProxy: s.get<boolean>('behindProxy', false),
    buildWithHostNetwork: s.get<boolean>('buildWithHostNetwork', false),
  };
  return createLabConfig(input);
}

/** True when a configuration change touches the lab's settings. */
export function affectsLab(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('monitoringLab');
}
