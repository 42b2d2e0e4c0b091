// The CLI's language: --lang beats the environment, LC_ALL beats LC_MESSAGES beats LANG, an unknown --lang is
// English with one warning line; and the compiled CLI (out/src/cli.js, no engine needed for help or a usage error)
// really prints Indonesian with --lang id.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { chooseCliLanguage } from '../../../src/cli/lang';
import { parseArgs } from '../../../src/cli/args';

const CLI = path.resolve(__dirname, '../../../src/cli.js');

function run(args: string[], env: Record<string, string> = {}) {
  // A clean locale environment, so the machine's own LANG cannot decide the test.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LC_ALL|LC_MESSAGES|LANG)$/.test(k)));
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...base, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: the language', () => {
  it('--lang beats the environment', () => {
    assert.deepEqual(chooseCliLanguage(['status', '--lang', 'en'], { LC_ALL: 'id_ID.UTF-8', LANG: 'id_ID.UTF-8' }), { language: 'en' });
    assert.deepEqual(chooseCliLanguage(['status', '--lang=id'], { LANG: 'en_US.UTF-8' }), { language: 'id' });
  });

  it('without --lang: LC_ALL, then LC_MESSAGES, then LANG; an empty one does not count; nothing is English', () => {
    assert.equal(chooseCliLanguage(['status'], { LC_ALL: 'en_US.UTF-8', LANG: 'id_ID.UTF-8' }).language, 'en');
    assert.equal(chooseCliLanguage(['status'], { LC_ALL: 'id_ID.UTF-8', LANG: 'en_US.UTF-8' }).language, 'id');
    assert.equal(chooseCliLanguage(['status'], { LC_MESSAGES: 'id_ID', LANG: 'C' }).language, 'id');
    assert.equal(chooseCliLanguage(['status'], { LC_ALL: '', LANG: 'id_ID.UTF-8' }).language, 'id');
    assert.equal(chooseCliLanguage(['status'], { LANG: 'C.UTF-8' }).language, 'en');
    assert.deepEqual(chooseCliLanguage(['status'], {}), { language: 'en' });
  });

  it('an unknown --lang is English with one English warning line that names the value', () => {
    const c = chooseCliLanguage(['status', '--lang', 'xx'], { LANG: 'id_ID.UTF-8' });
    assert.equal(c.language, 'en');
    assert.match(c.warning ?? '', /unknown language "xx" for --lang \(en or id\); using English/);
    assert.equal(c.warning!.split('\n').length, 1);
    assert.equal(parseArgs(['status', '--lang', 'xx'], {}).languageWarning, c.warning);
  });

  it('--lang id: the usage text and a usage error are Indonesian (the compiled CLI, no engine involved)', () => {
    const help = run(['--help', '--lang', 'id']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Penggunaan: monitoring-lab <perintah> \[opsi\]/);
    assert.doesNotMatch(help.stdout, /^Usage:/m);

    const bad = run(['up', '--port-app', 'eighty'], { LANG: 'id_ID.UTF-8' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port-app harus berupa nomor port, bukan "eighty"/);
    assert.match(bad.stderr, /Penggunaan: monitoring-lab/);
  });

  it('default English; --lang xx: English plus exactly one warning line', () => {
    const en = run(['up', '--port-app', 'eighty']);
    assert.equal(en.code, 2);
    assert.match(en.stderr, /--port-app must be a port number, not "eighty"/);

    const xx = run(['--help', '--lang', 'xx'], { LANG: 'id_ID.UTF-8' });
    assert.equal(xx.code, 0, xx.stderr);
    assert.match(xx.stdout, /^Usage: monitoring-lab <command> \[options\]/);
    assert.deepEqual(xx.stderr.trim().split('\n'), ['monitoring-lab: warning: unknown language "xx" for --lang (en or id); using English']);
  });
});
