/**
 * Attach mode in a real VS Code (code-server + chromium), against the attach test bed (testbed/attach): a two-node
 * Elasticsearch behind nginx (TLS with a private CA, basic auth), Prometheus behind a bearer token, and the lab app.
 * The settings point at the bed; the credentials go in through the commands' quick inputs (SecretStorage); the
 * Stack view shows the three endpoints healthy; failed logins sent to the attached app show in Security Events;
 * a wrong password makes the Elasticsearch row say the credentials were refused and name the command to fix them.
 *
 * The bed must be up (bash testbed/attach/attach.sh up; scripts/test-all.sh brings it up for CI): without its env
 * file the suite fails, it does not skip.
 *
 * The steps build on each other: the suite stops at its own first failure.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import type { Workbench } from '../harness';
import { checkedScreenshot, log, openViewContainer, repoRoot, screenshot, Session, statusBarTexts, stopAtFirstFailedStep, viewPane, waitFor } from '../harness';
import { NOTIFICATION_KEYBINDINGS, recordToasts, setNotificationCenter, toasts } from '../harness/notifications';
import { answerInputBox, pickQuickItem, startCommand } from '../harness/quickInput';
import { CONTAINER_TITLE, STACK_VIEW } from './constants';
import { readEnvFile } from '../../helpers/envFile';
import { LabAppClient } from '../../../src/core/app/labAppClient';

const ES_COMMAND = { command: 'Monitoring Lab: Set Elasticsearch Credentials…', title: 'Set Elasticsearch Credentials…' };
const PROM_COMMAND = { command: 'Monitoring Lab: Set Prometheus Credentials…', title: 'Set Prometheus Credentials…' };
const SECURITY = { command: 'Monitoring Lab: Open Security Events', heading: 'Security Events' };
/** Failed logins sent to the attached app: a few, from 127.0.0.1 to 127.0.0.1. */
const FAILED_LOGINS = 5;
const ENV_KEYS = [
  'MLAB_ATTACH_ES_URL',
  'MLAB_ATTACH_ES_USERNAME',
  'MLAB_ATTACH_ES_PASSWORD',
  'MLAB_ATTACH_CA_FILE',
  'MLAB_ATTACH_PROM_URL',
  'MLAB_ATTACH_PROM_TOKEN',
  'MLAB_ATTACH_PROM_JOB_NODE',
  'MLAB_ATTACH_APP_URL',
  'MLAB_ATTACH_LOG_INDEX',
] as const;
type AttachEnv = Record<(typeof ENV_KEYS)[number], string>;

/** The bed's values: its env file (where attach.sh says it is), overridden by the same variables in our environment. */
function attachEnv(): AttachEnv {
  const envFile = execFileSync('bash', [path.join(repoRoot(), 'testbed', 'attach', 'attach.sh'), 'env'], { encoding: 'utf8' }).trim();
  const fromFile = fs.existsSync(envFile) ? readEnvFile(envFile) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const key of ENV_KEYS) if (process.env[key]) merged[key] = process.env[key];
  const missing = ENV_KEYS.filter((k) => !merged[k]);
  // Loud, not a skip: a CI run without the bed must not pass by testing nothing.
  assert.deepStrictEqual(
    missing,
    [],
    `the attach test bed is not up (no ${envFile}, and these are not set: ${missing.join(' ')}): run bash testbed/attach/attach.sh up`,
  );
  for (const key of ['MLAB_ATTACH_ES_URL', 'MLAB_ATTACH_PROM_URL', 'MLAB_ATTACH_APP_URL'] as const)
    assert.equal(new URL(merged[key]!).hostname, '127.0.0.1', `${key} is not on 127.0.0.1: ${merged[key]}`);
  return merged as AttachEnv;
}

/**
 * The visible text of the Stack view's row for one endpoint, its label and its description joined by a space
 * ("Elasticsearch green · 2 nodes · …"), or ''. (The row's innerText runs the two together: they are spans.)
 */
async function endpointRow(page: Page, label: string): Promise<string> {
  const row = endpointRowLocator(page, label);
  if (!(await row.count())) return '';
  const [name, description] = await Promise.all(
    ['.label-name', '.label-description'].map((sel) =>
      row
        .locator(sel)
        .first()
        .innerText({ timeout: 2_000 })
        .catch(() => ''),
    ),
  );
  return `${name} ${description}`.replace(/\s+/g, ' ').trim();
}

/** Waits for the Elasticsearch row to say its credentials were refused; its visible text. */
function refusedElasticsearchRow(page: Page): Promise<string> {
  return waitFor(
    'the Elasticsearch row to say the credentials were refused',
    async () => {
      const r = await endpointRow(page, 'Elasticsearch');
      return /credentials refused/.test(r) ? r : undefined;
    },
    60_000,
    500,
  );
}

/** The Stack view's row of one endpoint, by its visible label (its aria-label is its tooltip: address, summary, detail). */
function endpointRowLocator(page: Page, label: string) {
  return viewPane(page, STACK_VIEW)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
    .first();
}

/** Runs a credentials command: picks the kind, then answers each masked input in turn. */
async function setCredentials(page: Page, cmd: typeof ES_COMMAND, kind: RegExp, answers: Array<[RegExp, string]>): Promise<void> {
  await startCommand(page, cmd.command);
  const picked = await pickQuickItem(page, cmd.title, kind);
  log(`${cmd.title}: picked "${picked}"`);
  for (const [prompt, value] of answers) await answerInputBox(page, cmd.title, prompt, value);
}

/** A failed login straight to the attached app; its status code. */
function failedLogin(appUrl: string, user: string, i: number): Promise<number> {
  return new LabAppClient(appUrl, undefined, 10_000).login(user, `not-the-password-${i}`, undefined, { 'user-agent': 'e2e-attach-test' });
}

describe('Attach mode: your own Elasticsearch and Prometheus (testbed/attach, code-server + chromium)', function () {
  this.timeout(180_000);
  stopAtFirstFailedStep(this);
  let env: AttachEnv;
  let session: Session | undefined;
  let wb: Workbench;
  const user = `e2e-attach-${process.pid}-${Date.now() % 100_000}`;

  before(async function () {
    env = attachEnv();
    session = await Session.start({
      settings: {
        'monitoringLab.mode': 'attach',
        'monitoringLab.elasticsearch.url': env.MLAB_ATTACH_ES_URL,
        'monitoringLab.elasticsearch.index': env.MLAB_ATTACH_LOG_INDEX,
        'monitoringLab.elasticsearch.caFile': env.MLAB_ATTACH_CA_FILE,
        'monitoringLab.prometheus.url': env.MLAB_ATTACH_PROM_URL,
        'monitoringLab.prometheus.caFile': env.MLAB_ATTACH_CA_FILE,
        'monitoringLab.prometheus.job': env.MLAB_ATTACH_PROM_JOB_NODE,
        'monitoringLab.app.url': env.MLAB_ATTACH_APP_URL,
      },
      keybindings: NOTIFICATION_KEYBINDINGS,
    });
    wb = await session.openWorkbench();
    await recordToasts(wb.page);
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (t?.state === 'failed' && wb) await screenshot(wb.page, `attach-failure-${t.title.slice(0, 40)}`).catch(() => undefined);
  });

  after(async function () {
    await session?.dispose();
  });

  it('without credentials, the Stack view shows the endpoints and Elasticsearch refusing them, naming the command', async function () {
    const page = wb.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const row = await refusedElasticsearchRow(page);
    log(`Elasticsearch row without credentials: "${row}"`);
    const aria = (await endpointRowLocator(page, 'Elasticsearch').getAttribute('aria-label')) ?? '';
    assert.match(aria, /Set Elasticsearch Credentials…/, `the row's tooltip does not name the command: ${aria}`);
  });

  it('sets the Elasticsearch credentials (User and password) and the Prometheus credentials (Bearer token) through the quick input', async function () {
    const page = wb.page;
    await setCredentials(page, ES_COMMAND, /User and password/, [
      [/^User name\b/, env.MLAB_ATTACH_ES_USERNAME],
      [/^Password for /, env.MLAB_ATTACH_ES_PASSWORD],
    ]);
    await setCredentials(page, PROM_COMMAND, /Bearer token/, [[/^Bearer token\b/, env.MLAB_ATTACH_PROM_TOKEN]]);
    await setNotificationCenter(page, true);
    const saved = await waitFor(
      'the "Saved in the secret storage." message',
      async () => {
        const s = (await toasts(page)).filter((x) => x.text === 'Saved in the secret storage.');
        return s.length >= 1 ? s : undefined;
      },
      15_000,
      200,
    );
    log(`messages: ${JSON.stringify((await toasts(page)).map((x) => x.text))}`);
    assert.ok(saved.length >= 1);
    await setNotificationCenter(page, false);
    // The passwords went into SecretStorage, not into any settings file.
    for (const folder of ['User', 'Machine']) {
      const file = path.join(session!.userDataDir, folder, 'settings.json');
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      assert.ok(!text.includes(env.MLAB_ATTACH_ES_PASSWORD), `the Elasticsearch password is in ${folder}/settings.json`);
      assert.ok(!text.includes(env.MLAB_ATTACH_PROM_TOKEN), `the Prometheus token is in ${folder}/settings.json`);
    }
  });

  it('the Stack view shows Elasticsearch (green, 2 nodes), Prometheus (targets up) and the app healthy', async function () {
    const page = wb.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const rows = await waitFor(
      'the three endpoint rows to be healthy',
      async () => {
        const [es, prom, app] = await Promise.all(['Elasticsearch', 'Prometheus', 'App'].map((l) => endpointRow(page, l)));
        return /green · 2 nodes · [\d,]+ events in "/.test(es) && /\d+\/\d+ targets up/.test(prom) && /healthy/.test(app) ? { es, prom, app } : undefined;
      },
      60_000,
      500,
    );
    log(`rows: ${JSON.stringify(rows)}`);
    assert.match(rows.es, new RegExp(`^Elasticsearch green · 2 nodes · [\\d,]+ events in "${env.MLAB_ATTACH_LOG_INDEX}"$`));
    const targets = /(\d+)\/(\d+) targets up/.exec(rows.prom)!;
    assert.ok(Number(targets[1]) >= 1, `no Prometheus target up: ${rows.prom}`);
    assert.doesNotMatch(rows.prom, /no Node Exporter metrics/, `the node job has no Node Exporter metrics: ${rows.prom}`);
    assert.equal(rows.app, 'App healthy');
    // Error icons: none; the title-bar summary counts the usable endpoints.
    assert.equal(await viewPane(page, STACK_VIEW).locator('.monaco-list-row .codicon-error').count(), 0, 'a row carries the error icon');
    const header = (await viewPane(page, STACK_VIEW).locator('.pane-header').innerText()).replace(/\s+/g, ' ');
    log(`Stack header: "${header}"`);
    assert.match(header, /attached · [23]\/3 ok/);
    await checkedScreenshot(page, 'attach-stack-view');
  });

  it(`${FAILED_LOGINS} failed logins sent to the attached app show in Security Events with their user name`, async function () {
    const page = wb.page;
    const statuses: number[] = [];
    for (let i = 0; i < FAILED_LOGINS; i++) statuses.push(await failedLogin(env.MLAB_ATTACH_APP_URL, user, i));
    log(`failed logins as "${user}": ${JSON.stringify(statuses)}`);
    assert.deepEqual(statuses, Array(FAILED_LOGINS).fill(401));
    await wb.runCommand(SECURITY.command);
    await page.locator('.part.editor .tab', { hasText: SECURITY.heading }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const frame: Frame = await wb.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: SECURITY.heading }).count()) > 0, 30_000);
    const rows = frame.locator('#panel-failed-logins tbody tr').filter({ hasText: user });
    await waitFor(`${FAILED_LOGINS} failed-login rows for ${user}`, async () => (await rows.count()) >= FAILED_LOGINS, 60_000, 500);
    const first = (await rows.first().locator('td').allInnerTexts()).map((x) => x.trim());
    log(`a row: ${JSON.stringify(first)}`);
    assert.equal(first.length, 4, JSON.stringify(first));
    assert.equal(first[1], user);
    assert.equal(first[2], '127.0.0.1');
    assert.equal(first[3], 'e2e-attach-test');
    assert.equal(await rows.count(), FAILED_LOGINS, 'more rows for this user than logins sent');
    await checkedScreenshot(page, 'attach-security-events');
  });

  it('a wrong Elasticsearch password: the row says the credentials were refused and names the command', async function () {
    const page = wb.page;
    await page.keyboard.press('Escape');
    await setCredentials(page, ES_COMMAND, /User and password/, [
      [/^User name\b/, env.MLAB_ATTACH_ES_USERNAME],
      [/^Password for /, `${env.MLAB_ATTACH_ES_PASSWORD}-wrong`],
    ]);
    await openViewContainer(page, CONTAINER_TITLE);
    const row = await refusedElasticsearchRow(page);
    const aria = (await endpointRowLocator(page, 'Elasticsearch').getAttribute('aria-label')) ?? '';
    log(`row "${row}"; tooltip ${JSON.stringify(aria)}`);
    assert.equal(row, 'Elasticsearch credentials refused');
    assert.match(aria, /refused the credentials \(.*\): run "Set Elasticsearch Credentials…"/);
    assert.ok(!aria.includes(env.MLAB_ATTACH_ES_PASSWORD), 'the tooltip shows the password');
    // The other endpoints are unaffected.
    assert.match(await endpointRow(page, 'Prometheus'), /targets up/);
    // The open Security Events panel says the same, naming the command (its next query is refused).
    const frame: Frame = await wb.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: SECURITY.heading }).count()) > 0, 30_000);
    const banner = await waitFor(
      'Security Events to say its query was refused, naming the command',
      async () => {
        const text = (await frame.locator('body').innerText({ timeout: 2_000 })).replace(/\s+/g, ' ');
        return /refused the credentials \(401\): run "Set Elasticsearch Credentials…"/.test(text) ? text : undefined;
      },
      30_000,
      500,
    );
    assert.ok(!banner.includes(env.MLAB_ATTACH_ES_PASSWORD), 'the panel shows the password');
    // A refused credential is not a container down: no container-down alert in attach mode. The rule confirms over
    // two ticks of its (seconds-long) interval; give it well more than that after the row turned red.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const bar = await statusBarTexts(page);
    assert.ok(!bar.some((text) => /Container down/i.test(text)), `the status bar raised a container alert: ${JSON.stringify(bar)}`);
    await checkedScreenshot(page, 'attach-stack-wrong-password');
  });
});
