// Reads the `export KEY=value` lines a test bed script writes (testbed/attach/attach.sh env, sshd.sh env), with the
// values as bash's `printf %q` quoted them. Shared by the attach integration test and the attach e2e test.
import * as fs from 'node:fs';

export function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/\\(.)/g, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}
