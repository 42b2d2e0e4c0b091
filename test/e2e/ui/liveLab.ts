/**
 * A real lab behind a real VS Code, shared by the UI suites that need live data: one code-server session whose
 * extension talks to the test bed's engine (DOCKER_HOST from the bed's env) with host networking, its own
 * project name and free loopback ports, so it never touches another lab. The lab itself is started by the
 * test, from the palette, as a user would (startFromPalette).
 *
 *   let lab: LiveLab | undefined;
 *   before(async () => { lab = await LiveLab.open('stack'); });
 *   after(async () => { await lab?.dispose(); });      // closes VS Code, resets the lab, removes scenario containers
 *
 * If open() fails half-way it cleans up what it made; dispose() is idempotent and never throws.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import type Docker from 'dockerode';
import type { LabConfig } from '../../../src/core/config';
import { createLabConfig } from '../../../src/core/config';
import { connectDocker } from '../../../src/core/docker/client';
import { removeScenarioContainers } from '../../../src/core/scenarios/stressContainers';
import { resetStack } from '../../../src/core/stack';
import { onExitCleanup } from '../harness/cleanup';
import { freePort } from '../harness/port';
import type { SessionOptions, Workbench } from '../harness';
import { log, openViewContainer, repoRoot, runCommand, Session, treeItemLabels, waitFor } from '../harness';
import { CONTAINER_TITLE, START_COMMAND_TITLE, STACK_VIEW } from './constants';

export const LITE_SERVICES = ['app', 'elasticsearch', 'prometheus', 'node-exporter'];

/** Host ports by compose service name (what LabConfig.ports uses). */
export type LabPorts = Record<'app' | 'elasticsearch' | 'prometheus' | 'node-exporter' | 'kibana' | 'grafana', number>;

export interface LiveLabOptions {
  /** Extra user settings (e.g. detection thresholds). */
  settings?: Record<string, unknown>;
  viewport?: SessionOptions['viewport'];
  /** User keybindings (keybindings.json entries), e.g. a key for a workbench command the palette cannot reach in time. */
  keybindings?: Array<{ key: string; command: string; when?: string }>;
}

/** Last resort on Ctrl-C or a crash (synchronous, so through the docker CLI): the lab's and its scenarios' containers go. */
function forceRemoveProject(projectName: string): void {
  const opts = { timeout: 30_000, encoding: 'utf8' as const, env: process.env };
  for (const label of [`com.docker.compose.project=${projectName}`, `org.monitoring-lab.project=${projectName}`]) {
    const ids =
      spawnSync('docker', ['ps', '-aq', '--filter', `label=${label}`], opts)
        .stdout?.split(/\s+/)
        .filter(Boolean) ?? [];
    if (ids.length) spawnSync('docker', ['rm', '-f', '-v', ...ids], opts);
  }
  for (const kind of ['network', 'volume']) {
    const names =
      spawnSync('docker', [kind, 'ls', '-q', '--filter', `label=com.docker.compose.project=${projectName}`], opts)
        .stdout?.split(/\s+/)
        .filter(Boolean) ?? [];
    if (names.length) spawnSync('docker', [kind, 'rm', ...names], opts);
  }
}

export class LiveLab {
  private disposed = false;
  private unregisterExitCleanup: () => void = () => undefined;
  session: Session | undefined;
  wb!: Workbench;

  private constructor(
    readonly projectName: string,
    readonly ports: LabPorts,
  ) {}

  /** Starts VS Code configured for a lab named mlab-e2e-<name>-<pid> (the lab itself is not started). */
  static async open(name: string, options: LiveLabOptions = {}): Promise<LiveLab> {
    assert.ok(process.env.DOCKER_HOST, 'DOCKER_HOST is not set: start the test bed (bash testbed/bed.sh up) and source its env');
    const ports = {} as LabPorts;
    for (const key of ['app', 'elasticsearch', 'prometheus', 'node-exporter', 'kibana', 'grafana'] as const) ports[key] = await freePort();
    const lab = new LiveLab(`mlab-e2e-${name}-${process.pid}`, ports);
    lab.unregisterExitCleanup = onExitCleanup(() => forceRemoveProject(lab.projectName));
    try {
      // A crashed earlier run with the same pid (containers reuse pids) must not leave its lab in the way.
      await resetStack(lab.docker(), lab.labConfig());
      lab.session = await Session.start({
        settings: {
          'monitoringLab.projectName': lab.projectName,
          'monitoringLab.networkMode': 'host',
          'monitoringLab.buildWithHostNetwork': true,
          'monitoringLab.ports.app': ports.app,
          'monitoringLab.ports.elasticsearch': ports.elasticsearch,
          'monitoringLab.ports.prometheus': ports.prometheus,
          'monitoringLab.ports.nodeExporter': ports['node-exporter'],
          'monitoringLab.ports.kibana': ports.kibana,
          'monitoringLab.ports.grafana': ports.grafana,
          ...options.settings,
        },
        env: { DOCKER_HOST: process.env.DOCKER_HOST! },
        ...(options.viewport ? { viewport: options.viewport } : {}),
        ...(options.keybindings ? { keybindings: options.keybindings } : {}),
      });
      lab.wb = await lab.session.openWorkbench();
    } catch (err) {
      await lab.dispose();
      throw err;
    }
    return lab;
  }

  get page(): Workbench['page'] {
    return this.wb.page;
  }

  /** The same lab as the extension sees it, for the engine-side checks and the reset. */
  labConfig(): LabConfig {
    return createLabConfig({
      projectName: this.projectName,
      labBaseDir: path.join(os.tmpdir(), this.projectName),
      stackSourceDir: path.join(repoRoot(), 'resources', 'stack'),
      stackVersion: 'e2e',
      networkMode: 'host',
      ports: this.ports,
    });
  }

  docker(): Docker {
    return connectDocker().docker;
  }

  /** http://127.0.0.1:<port> of a lab service (host networking). */
  url(service: keyof LabPorts): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  /**
   * Opens the Monitoring Lab side bar, runs "Start Monitoring Lab" from the palette and waits until the Stack
   * tree shows every lite service healthy. Returns the time from the command to 4/4 healthy, ms.
   */
  async startFromPalette(timeoutMs = 300_000): Promise<number> {
    const page = this.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const started = Date.now();
    await runCommand(page, START_COMMAND_TITLE, 45_000);
    await waitFor(
      `the Stack tree to show ${LITE_SERVICES.length} healthy services`,
      async () => {
        const labels = await treeItemLabels(page, STACK_VIEW);
        return LITE_SERVICES.every((s) => labels.some((l) => l.startsWith(`${s}:`) && /: healthy/.test(l)));
      },
      timeoutMs,
      1000,
    );
    const ms = Date.now() - started;
    log(`palette → ${LITE_SERVICES.length}/${LITE_SERVICES.length} healthy in the tree: ${ms} ms`);
    return ms;
  }

  /** Closes VS Code (its extension host with it), removes scenario containers, resets the lab. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session?.dispose();
    try {
      const docker = this.docker();
      const stress = await removeScenarioContainers(docker, this.projectName);
      if (stress) log(`removed ${stress} leftover scenario container(s)`);
      await resetStack(docker, this.labConfig());
      this.unregisterExitCleanup();
    } catch (err) {
      // The exit cleanup stays registered: it tries again with the docker CLI when the process ends.
      log(`reset after the test failed: ${(err as Error).message}`);
    }
  }
}
