// The lab on an engine reached over SSH publishes its ports on the engine host's loopback: while its services run,
// the editor keeps a local listener per published port (same port number, so the URLs the settings give stay
// right), forwarded over the engine's SSH connection (core/lab/portAccess.ts). A service started later gets its
// tunnel, a stopped lab closes them, a new engine connection (settings changed) moves them to it, deactivation
// closes them. The output channel says what is tunnelled; a port taken on this machine is named with its service.
import * as vscode from 'vscode';
import type { LabService } from '../core/config';
import { PORT_SETTINGS, isLabService } from '../core/config';
import type { SshSession } from '../core/docker/ssh';
import { sshSessionOf } from '../core/docker/ssh';
import type { PortAccessResult, PublishedPort } from '../core/lab';
import { LabPortAccess, describeTunnel, publishedPorts, sshTunnelOpener } from '../core/lab';
import { t } from '../core/l10n';

/** What LabTunnels needs from the session (LabSession gives it). */
export interface TunnelledLab {
  readonly onDidChange: vscode.Event<void>;
  readonly connection: { docker: object };
  readonly model: readonly { service: string; state: string; ports: { hostIp: string; hostPort: number; protocol: string }[] }[];
}

export interface TunnelOutput {
  info(line: string): void;
  warn(line: string): void;
}

export class LabTunnels implements vscode.Disposable {
  private session: SshSession | undefined;
  private access: LabPortAccess | undefined;
  private readonly subscription: vscode.Disposable;
  private work: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly lab: TunnelledLab,
    private readonly output: TunnelOutput,
    private readonly warnUser: (message: string, setting: string | undefined) => void = showPortTaken,
  ) {
    this.subscription = lab.onDidChange(() => void this.update());
  }

  /** Follows the lab's state once more (also what onDidChange does); resolves when the tunnels match it. */
  update(): Promise<void> {
    this.work = this.work.then(() => this.follow()).catch((err: unknown) => this.output.warn(t('SSH tunnels to the lab: {0}', (err as Error).message)));
    return this.work;
  }

  /** The open tunnels' local URLs per service (for a tooltip or a test). */
  get tunnels(): { service: string; url: string }[] {
    return (this.access?.tunnels ?? []).map((tunnel) => ({ service: tunnel.name, url: tunnel.url }));
  }

  private async follow(): Promise<void> {
    if (this.disposed) return;
    let session: SshSession | undefined;
    try {
      session = sshSessionOf(this.lab.connection.docker);
    } catch {
      session = undefined; // settings that name no engine: nothing to tunnel to
    }
    if (session !== this.session) {
      await this.closeAll();
      this.session = session;
      this.access = session ? new LabPortAccess({ open: sshTunnelOpener(session), whenTaken: 'fail' }) : undefined;
    }
    if (!this.access || !session) return;
    const ports: PublishedPort[] = publishedPorts(this.lab.model);
    const hadTunnels = this.access.tunnels.length > 0;
    const result = await this.access.sync(ports);
    if (this.disposed) {
      await this.access.close();
      return;
    }
    this.report(result, session.description, hadTunnels);
  }

  private report(result: PortAccessResult, where: string, hadTunnels: boolean): void {
    if (!result.changed) return;
    if (result.tunnels.length) {
      this.output.info(t('The lab is reached through an SSH tunnel to {0}:', where));
      for (const tunnel of result.tunnels) this.output.info(`  ${describeTunnel(tunnel, where)}`);
    } else if (hadTunnels) this.output.info(t('SSH tunnels to {0} closed (no lab service publishes a port).', where));
    for (const problem of result.problems) {
      this.output.warn(problem.message);
      const setting = isLabService(problem.service) ? PORT_SETTINGS[problem.service as LabService] : undefined;
      this.warnUser(problem.message, setting);
    }
  }

  private async closeAll(): Promise<void> {
    const access = this.access;
    const where = this.session?.description;
    this.access = undefined;
    if (!access) return;
    const had = access.tunnels.length > 0;
    await access.close();
    if (had && where) this.output.info(t('SSH tunnels to {0} closed.', where));
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    // Closing is quick (local listeners); a sync under way closes what it opened when it sees `disposed`.
    void this.work.then(() => this.closeAll());
  }
}

/** A port taken here: the message names port and service; the button opens the service's port setting. */
function showPortTaken(message: string, setting: string | undefined): void {
  const open = t('Open Settings');
  const advice = t('Free the port on this machine, or give the service another port (the lab then publishes that one on the engine host).');
  void vscode.window.showWarningMessage(`${message} ${advice}`, ...(setting ? [open] : [])).then((choice) => {
    if (choice === open && setting) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
  });
}
