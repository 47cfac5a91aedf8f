import { asSystem } from '@landbridge/common';
import type { Logger } from '@nestjs/common';
import type { StatusEventsListener } from '../status-events/status-events.listener.js';

/**
 * Runs a relay's `round` over and over. Between rounds it waits the milliseconds the round returns, cut
 * short when status events commit (any process: the listener) unless the wait is longer than `pollMs`
 * (a back-off, which new events must not shorten). `stop` lets the round in progress finish.
 */
export class RelayLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly listener: Pick<StatusEventsListener, 'subscribe'>,
    private readonly round: () => Promise<number>,
    private readonly pollMs: number,
    private readonly logger: Pick<Logger, 'error'>,
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.unsubscribe = this.listener.subscribe(() => this.wake?.());
    // The relays read and write every organization's rows: the service's system scope (row-level security).
    this.loop = asSystem(() => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let waitMs = this.pollMs;
      try {
        waitMs = await this.round();
      } catch (error) {
        this.logger.error({ err: error }, 'relay round failed');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          if (waitMs > this.pollMs && this.running) return;
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
