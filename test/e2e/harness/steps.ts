/**
 * Dependent steps: a suite whose tests build on each other stops at its own first failure.
 *
 * Mocha's `this.bail(true)` is not that: it empties a bailing suite's queue whenever the *run* has a failure,
 * so one failure in an unrelated earlier suite silently skipped every step here (a CI run showed it).
 * This keeps the failure local: after a step of this suite fails, the later steps are reported as pending,
 * naming the step they depended on.
 */
export function stopAtFirstFailedStep(suite: Mocha.Suite): void {
  let failed: string | undefined;
  suite.beforeEach(function () {
    if (failed !== undefined) {
      console.log(`    [e2e] skipped: the earlier step "${failed}" failed`);
      this.skip();
    }
  });
  suite.afterEach(function () {
    if (failed === undefined && this.currentTest?.state === 'failed') failed = this.currentTest.title;
  });
}
