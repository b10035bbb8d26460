/** When and how a job runs: the subset of pg-boss's send options that services use. */
export type JobOptions = {
  /** Not before this time. */
  startAfter?: Date;
  /** With a `stately` queue, at most one job per key waits at a time; further sends are dropped. */
  singletonKey?: string;
};

/** Whatever actually queues jobs: pg-boss in a running server, a recorder in tests. */
export type JobSender = { send(name: string, data: object, options: JobOptions): Promise<unknown> };

/**
 * How services enqueue background work. Services are built before pg-boss starts (and processes
 * such as the CLI never start it), so the sender is attached later by `startJobs`.
 */
export class JobQueue {
  private sender: JobSender | undefined;

  attach(sender: JobSender | undefined): void {
    this.sender = sender;
  }

  /**
   * Throws while no sender is attached rather than dropping the job: the caller's work then fails
   * visibly (an outbox event is retried) instead of silently losing what it meant to queue.
   */
  async send(name: string, data: object, options: JobOptions = {}): Promise<void> {
    if (!this.sender) throw new Error(`Background jobs are not running in this process; cannot queue "${name}".`);
    await this.sender.send(name, data, options);
  }
}
