// Every scenario run is recorded: kind, parameters, start and end, outcome counts. The panels draw
// records as chart markers and the report lists them. src/core owns the logic; where records live is
// the host's choice (the editor: extension storage; the CLI: a JSON file in its lab directory).
import { randomUUID } from 'node:crypto';
import type { ScenarioKind } from './params';

export type ScenarioOutcome = 'running' | 'completed' | 'cancelled' | 'failed';

export interface ScenarioRecord {
  id: string;
  kind: ScenarioKind;
  params: Record<string, unknown>;
  /** Unix ms. */
  startedAt: number;
  endedAt?: number;
  outcome: ScenarioOutcome;
  /** e.g. { '401': 30 } for a brute force, { requests: 20 } for an error burst. */
  counts: Record<string, number>;
  error?: string;
}

/** Where records are kept. Both methods may be async (extension storage and files are). */
export interface RecordBacking {
  /** The stored records (not yet validated), or a promise of them. */
  load(): unknown;
  save(records: ScenarioRecord[]): Promise<void> | void;
}

export const MAX_RECORDS = 200;

export class ScenarioRecords {
  private records: ScenarioRecord[] = [];
  private loaded = false;
  /** Serialises writes so concurrent updates cannot overwrite each other in the backing. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly backing: RecordBacking,
    private readonly max = MAX_RECORDS,
    /** Called after every change (a run started or ended), e.g. to refresh a view. */
    private readonly onChange?: () => void,
  ) {}

  async list(): Promise<ScenarioRecord[]> {
    await this.ensureLoaded();
    return this.records.map((r) => ({ ...r, params: { ...r.params }, counts: { ...r.counts } }));
  }

  /** Records overlapping [from, to] (unix ms); a running record extends to now. */
  async inRange(from: number, to: number): Promise<ScenarioRecord[]> {
    return (await this.list()).filter((r) => r.startedAt <= to && (r.endedAt ?? Date.now()) >= from);
  }

  async start(kind: ScenarioKind, params: object, now = Date.now()): Promise<ScenarioRecord> {
    await this.ensureLoaded();
    const record: ScenarioRecord = { id: randomUUID(), kind, params: { ...params }, startedAt: now, outcome: 'running', counts: {} };
    this.records.push(record);
    // Bounded: the oldest records go first.
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
    await this.persist();
    return { ...record };
  }

  async finish(id: string, outcome: Exclude<ScenarioOutcome, 'running'>, counts: Record<string, number>, error?: string, now = Date.now()): Promise<void> {
    await this.ensureLoaded();
    const record = this.records.find((r) => r.id === id);
    if (!record) return; // Evicted by the bound while it ran: nothing to update.
    record.outcome = outcome;
    record.endedAt = now;
    record.counts = { ...counts };
    if (error !== undefined) record.error = error;
    await this.persist();
  }

  /** Records left 'running' by a crash or a closed editor end as cancelled at their last known time. */
  async closeInterrupted(now = Date.now()): Promise<number> {
    await this.ensureLoaded();
    const stale = this.records.filter((r) => r.outcome === 'running');
    for (const r of stale) {
      r.outcome = 'cancelled';
      r.endedAt = now;
      r.error = 'interrupted (the editor or CLI stopped while it ran)';
    }
    if (stale.length) await this.persist();
    return stale.length;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    const raw = await this.backing.load();
    this.records = Array.isArray(raw) ? raw.filter(isRecord).slice(-this.max) : [];
    this.loaded = true;
  }

  private persist(): Promise<void> {
    const snapshot = this.records.map((r) => ({ ...r }));
    this.writing = this.writing.then(() => this.backing.save(snapshot));
    this.onChange?.();
    return this.writing;
  }
}

/** Stored data may come from an older version or be hand-edited: keep only well-formed records. */
function isRecord(value: unknown): value is ScenarioRecord {
  const r = value as Partial<ScenarioRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.kind === 'string' &&
    typeof r.startedAt === 'number' &&
    typeof r.outcome === 'string' &&
    typeof r.counts === 'object' &&
    r.counts !== null
  );
}
