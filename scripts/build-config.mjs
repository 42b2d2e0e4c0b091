// The esbuild configuration of every bundle, shared by scripts/build.mjs (which builds them) and
// scripts/check-entry-bundle.mjs (which checks what the extension's entry bundle holds).
// Why one configuration: the extension (dist/extension.js) and the CLI (dist/cli.js) must share every line of
// src/core, so both are bundled from the same sources with the same options; only the entry differs.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Files the panel pages load besides their bundles, copied by scripts/build.mjs: uPlot's stylesheet (the charts'
 * layout: cursor, selection, axes), linked under the page's CSP like media/panels.css.
 */
export const WEBVIEW_ASSETS = [{ from: 'node_modules/uplot/dist/uPlot.min.css', to: 'dist/webview/uPlot.min.css' }];

/** Each panel page's bundle stays under this many bytes (production build): the speed issue's webview budget. */
export const MAX_WEBVIEW_BUNDLE_BYTES = 150 * 1024;

export function bundles(production) {
  /** Options every Node-side bundle shares. */
  const nodeBundle = {
    bundle: true,
    platform: 'node',
    // Desktop VS Code's extension host is Node 20 (Electron); code-server's is newer. Target the oldest.
    target: 'node20',
    format: 'cjs',
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    // ssh2 (pulled in by docker-modem for ssh:// hosts) tries optional native add-ons inside try/catch;
    // leave them unresolved so the bundle stays pure JS and ssh2 falls back to its JS implementation.
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
    absWorkingDir: root,
  };

  /**
   * The panel pages (media/webview/<panel>/main.ts): browser scripts, one per panel, written to dist/webview/
   * and loaded by the webviews under their CSP nonce. Type-checked by media/webview/tsconfig.json.
   */
  const webviewBundle = {
    bundle: true,
    platform: 'browser',
    // Webviews run in the editor's own Chromium (Electron 32+ for VS Code 1.95).
    target: 'es2022',
    format: 'iife',
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    absWorkingDir: root,
    entryPoints: { securityEvents: 'media/webview/securityEvents/main.ts', systemMetrics: 'media/webview/systemMetrics/main.ts' },
    outdir: 'dist/webview',
  };

  /**
   * The Docker and Elasticsearch clients (with their HTTP, TLS and SSH stacks) are most of the extension's code but
   * are needed only once the user starts something. The extension's entry bundle leaves them out and loads each
   * from its own bundle beside it (dist/vendor/<name>.js) on first use: activation loads only the entry.
   * The CLI and the tests keep requiring the packages from node_modules as usual.
   */
  const VENDOR = { dockerode: 'dockerode', elasticsearch: '@elastic/elasticsearch', yaml: 'yaml', ssh: 'ssh2' };
  const vendorOf = new Map(Object.entries(VENDOR).map(([file, pkg]) => [pkg, `./vendor/${file}.js`]));
  const vendorExternal = {
    name: 'vendor-external',
    setup(build) {
      build.onResolve({ filter: /^(dockerode|@elastic\/elasticsearch|yaml|ssh2)$/ }, (args) => ({ path: vendorOf.get(args.path), external: true }));
    },
  };

  /**
   * Parts of the extension's own code that activation never needs, each a bundle of its own (dist/lazy/<name>.js)
   * that one module loads with require() on first use: the report's renderers (src/core/report/render.ts, loaded by
   * writer.ts when a report is written). Only stateless modules may be split off this way: a module with state
   * (the l10n catalogue's chosen language, for one) would be a second, unconfigured copy in the lazy bundle.
   */
  const LAZY = { reportRender: { source: 'src/core/report/render.ts', importer: 'src/core/report/writer.ts', specifier: './render' } };
  const lazyExternal = {
    name: 'lazy-external',
    setup(build) {
      for (const [name, lazy] of Object.entries(LAZY)) {
        const importer = path.join(root, lazy.importer);
        const filter = new RegExp(`^${lazy.specifier.replace(/[./]/g, '\\$&')}$`);
        build.onResolve({ filter }, (args) =>
          args.importer === importer && args.kind === 'require-call' ? { path: `./lazy/${name}.js`, external: true } : undefined,
        );
      }
    },
  };

  return [
    {
      ...nodeBundle,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      external: [...nodeBundle.external, 'vscode'],
      plugins: [vendorExternal, lazyExternal],
    },
    { ...nodeBundle, entryPoints: Object.fromEntries(Object.entries(LAZY).map(([name, lazy]) => [name, lazy.source])), outdir: 'dist/lazy' },
    { ...nodeBundle, entryPoints: Object.fromEntries(Object.entries(VENDOR).map(([file, pkg]) => [file, pkg])), outdir: 'dist/vendor' },
    { ...nodeBundle, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
    webviewBundle,
  ];
}
