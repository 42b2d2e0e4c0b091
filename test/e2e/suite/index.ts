/**
 * Entry point run inside the real extension host (extensionTestsPath): runs mocha over every
 * out/test/e2e/suite/**\/*.test.js. Output goes through console.log, which the web workbench forwards to
 * codeAutomationLog; the promise's outcome becomes the codeAutomationExit code.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(p, out);
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  // Spec reporter writes through Base.consoleLog (console.log); no colours so the forwarded log stays readable.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, forbidOnly: true });
  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);
  console.log(`[suite] ${files.length} test file(s): ${files.map((f) => path.relative(__dirname, f)).join(', ')}`);

  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        console.log(
          `[suite] mocha: ${s?.passes ?? '?'} passing, ${s?.failures ?? failures} failing, ${s?.pending ?? 0} pending` +
            ` (${s?.tests ?? '?'} tests, ${s?.duration ?? '?'} ms)`,
        );
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else if ((s?.tests ?? 0) === 0) reject(new Error('no tests ran'));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
