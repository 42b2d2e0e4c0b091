/**
 * The workbench URL. code-server rejects --extensionDevelopmentPath on its command line, but a workbench started with
 * `--vscode-option enable-smoke-test-driver` accepts the same options as a `payload` query of [name, value] pairs.
 */
export interface WorkbenchUrlOptions {
  baseUrl: string;
  /** host:port the browser uses, i.e. the vscode-remote authority. */
  authority: string;
  /** Absolute folder to open. */
  folder: string;
  /** Absolute path of the extension under development. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a module exporting run(): Promise<void> (runs inside the extension host). */
  extensionTestsPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
}

export function remoteUri(authority: string, absPath: string): string {
  return `vscode-remote://${authority}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

export function workbenchUrl(o: WorkbenchUrlOptions): string {
  const payload: [string, string][] = [];
  if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(o.authority, o.extensionDevelopmentPath)]);
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(o.authority, o.extensionTestsPath)]);
  if (o.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(o.extensionEnvironment)]);
  const query = new URLSearchParams({ folder: o.folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${o.baseUrl}/?${query.toString()}`;
}
