/** The e2e harness: a real VS Code (code-server) driven through Debian chromium by playwright-core. */
export * from './activation';
export * from './automation';
export * from './browser';
export * from './codeServer';
export * from './commands';
export * from './extensionTests';
export * from './paths';
export * from './payload';
export * from './screenshot';
export * from './steps';
export * from './views';
export * from './wait';
export * from './webview';
export * from './workbench';
