// A rule whose next measurement the test sets by hand, for alert-manager and engine tests.
import type { Measurement, Rule, RuleId } from '../../../../src/core/detect/rule';

export class StubRule implements Rule {
  title: string;
  severity: Rule['severity'] = 'critical';
  source: Rule['source'] = 'Elasticsearch';
  intervalMs = 1000;
  fireAt = 20;
  clearBelow = 10;
  confirmTicks: number | undefined;
  keepPeak: boolean | undefined;
  /** The next value; or a function of the evaluation time; or an error to throw. */
  next: number | Error | ((now: number) => number) = 0;
  subjectsFor: (value: number) => Measurement['subjects'] = (v) => (v >= this.fireAt ? [{ name: '203.0.113.7', value: v }] : []);
  calls: number[] = [];
  /** While set, measure() waits for it (a slow request). */
  gate: Promise<void> | undefined;
  inFlight = 0;
  maxInFlight = 0;

  constructor(readonly id: RuleId = 'brute-force') {
    this.title = `stub ${id}`;
  }

  async measure(now: number): Promise<Measurement> {
    this.calls.push(now);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate) await this.gate;
      const next = this.next;
      if (next instanceof Error) throw next;
      const value = typeof next === 'function' ? next(now) : next;
      return { value, subjects: this.subjectsFor(value), window: { from: now - 60_000, to: now } };
    } finally {
      this.inFlight--;
    }
  }

  describe(m: Measurement): string {
    return `value ${m.value}`;
  }
}
