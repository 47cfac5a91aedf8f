import { Injectable } from '@nestjs/common';
import { MetricsService } from '@landbridge/common';
import { Counter } from 'prom-client';

/** Delivery attempts by destination (webhook, nats) and result, shared by the relays. */
@Injectable()
export class DeliveryMetrics {
  readonly attempts: Counter<'destination' | 'result'>;

  constructor(metrics: MetricsService) {
    this.attempts = new Counter({
      name: 'landbridge_delivery_attempts_total',
      help: 'Delivery attempts of status events by destination (webhook, nats) and result (delivered, failed)',
      labelNames: ['destination', 'result'] as const,
      registers: [metrics.registry],
    });
  }
}
