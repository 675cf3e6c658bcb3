// Ends the run with one plain line, "e2e: N passed, N failed, N skipped", easy to find in
// CI logs. A test that passed only on retry counts as passed and is named as flaky.

import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private suite?: Suite;

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  onEnd(result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const flaky: string[] = [];
    for (const test of this.suite?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'expected') passed++;
      else if (outcome === 'flaky') {
        passed++;
        flaky.push(test.titlePath().filter(Boolean).join(' › '));
      } else if (outcome === 'skipped') skipped++;
      else failed++;
    }
    for (const name of flaky) console.log(`flaky (passed on retry): ${name}`);
    if (result.status !== 'passed' && failed === 0) failed = 1; // setup failed or timed out
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
