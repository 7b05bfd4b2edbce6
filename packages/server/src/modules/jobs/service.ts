// Background jobs in the database (decision 008): enqueued in the caller's transaction, claimed by any
// server process with `for update skip locked`, retried with back-off, taken up again when the process
// that held one died (its lock expired). Every state change goes through `mutate`, so it is audited.
import { sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { rows, type Db, type Tx } from "../../db/client.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { jobs } from "./tables.ts";

export type JobRow = typeof jobs.$inferSelect;
export type JobHandler = (payload: Record<string, unknown>, job: JobRow) => Promise<Record<string, unknown> | void>;

/** Runners of this process, told when a job is enqueued here. */
const jobSignals = new Set<() => void>();

/**
 * Adds a job in the caller's transaction (so it exists exactly when what made it necessary was
 * committed). With a `dedupeKey`, nothing is added while a job of that key is pending or running.
 */
export async function enqueueJob(tx: Tx, kind: string, payload: Record<string, unknown>, options: { dedupeKey?: string; runAfter?: Date } = {}): Promise<void> {
  await tx.execute(sql`insert into ${jobs} (kind, payload, dedupe_key, run_after)
    values (${kind}, ${JSON.stringify(payload)}::jsonb, ${options.dedupeKey ?? null}, ${(options.runAfter ?? new Date()).toISOString()}::timestamptz)
    on conflict (dedupe_key) where state in ('pending','running') do nothing`);
  for (const signal of jobSignals) signal();
}

export interface JobRunnerOptions {
  /** How often each process looks for due jobs. */
  pollMs?: number;
  /** How long a claimed job stays locked to its process. */
  lockMs?: number;
  maxAttempts?: number;
  /** Delay before retry n (1-based). */
  backoffMs?: (attempt: number) => number;
}

/** Runs the jobs of the kinds registered with it, one at a time per process. */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private halting = false;
  private again = false;
  readonly options: Required<JobRunnerOptions>;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: JobRunnerOptions = {},
  ) {
    this.options = { pollMs: 5_000, lockMs: 10 * 60_000, maxAttempts: 5, backoffMs: (n) => Math.min(60_000 * 2 ** (n - 1), 3_600_000), ...options };
  }

  /** Whether a job of this kind for this case (payload.caseId) is waiting or running. */
  async hasPending(kind: string, caseId: string): Promise<boolean> {
    const found = await rows<{ n: number }>(this.db, sql`select count(*)::int as n from ${jobs} where kind = ${kind} and state in ('pending','running') and payload->>'caseId' = ${caseId}`);
    return (found[0]?.n ?? 0) > 0;
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.stopped = false;
    this.halting = false;
    jobSignals.add(this.onEnqueued);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    jobSignals.delete(this.onEnqueued);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** A job was enqueued in this process: look soon (its transaction commits meanwhile; else the poll finds it). */
  private readonly onEnqueued = () => {
    if (this.stopped) return;
    setTimeout(() => this.kick(), 250).unref?.();
  };

  /** Looks for due jobs now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runDue()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, "job runner failed"))
        .finally(() => {
          this.running = null;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.options.pollMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  /** Runs due jobs until none is left; returns how many ran. */
  async runDue(): Promise<number> {
    let n = 0;
    while (!this.halting) {
      const job = await this.claim();
      if (!job) break;
      await this.run(job);
      n++;
    }
    return n;
  }

  private async claim(): Promise<JobRow | null> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return null;
    const lockSeconds = Math.ceil(this.options.lockMs / 1000);
    const kindList = sql.join(kinds.map((k) => sql`${k}`), sql`, `);
    const due = sql`kind in (${kindList}) and ((state = 'pending' and run_after <= now()) or (state = 'running' and locked_until < now()))`;
    // a read first: an idle poll commits nothing (a commit of this process drops its caches, decision 003)
    if (!(await rows(this.db, sql`select 1 from ${jobs} where ${due} limit 1`)).length) return null;
    const claimed = await mutate(this.db, systemContext("jobs", "job.claim"), async (tx) =>
      rows<{ id: string | number }>(
        tx,
        sql`update ${jobs} set state = 'running', attempts = attempts + 1, locked_until = now() + make_interval(secs => ${lockSeconds})
          where id = (select id from ${jobs}
                       where ${due}
                       order by id limit 1 for update skip locked)
          returning id`,
      ),
    );
    const id = claimed[0]?.id;
    if (id === undefined) return null;
    const [row] = await this.db.select().from(jobs).where(sql`${jobs.id} = ${Number(id)}`);
    return row ?? null;
  }

  private async run(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    try {
      const result = await handler(job.payload, job);
      await mutate(this.db, systemContext("jobs", "job.done"), (tx) =>
        tx.execute(sql`update ${jobs} set state = 'done', finished_at = now(), locked_until = null, last_error = null, result = ${JSON.stringify(result ?? {})}::jsonb where id = ${job.id}`),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = job.attempts >= this.options.maxAttempts;
      this.log.warn({ job: job.id, kind: job.kind, attempt: job.attempts, failed, err: error }, "job failed");
      const retryAt = new Date(Date.now() + this.options.backoffMs(job.attempts)).toISOString();
      await mutate(this.db, systemContext("jobs", failed ? "job.failed" : "job.retry"), (tx) =>
        tx.execute(
          failed
            ? sql`update ${jobs} set state = 'failed', finished_at = now(), locked_until = null, last_error = ${message.slice(0, 2000)} where id = ${job.id}`
            : sql`update ${jobs} set state = 'pending', locked_until = null, last_error = ${message.slice(0, 2000)}, run_after = ${retryAt}::timestamptz where id = ${job.id}`,
        ),
      );
    }
  }
}
