import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooks1795920200000 implements MigrationInterface {
  name = 'CreateWebhooks1795920200000';

  async up(db: QueryRunner): Promise<void> {
    // A subscription is also its own delivery cursor: the position in the status-event feed up to which
    // its receiver has acknowledged, and when to try next. Deliveries go in feed order, one at a time, so
    // each consignment's events arrive in order; a worker leases a subscription while it delivers.
    await db.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        exporter_id uuid,
        created_by uuid NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        disabled_reason text,
        position_tx xid8 NOT NULL,
        position_seq bigint NOT NULL,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        leased_until timestamptz,
        leased_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_subscriptions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
        CONSTRAINT webhook_subscriptions_status CHECK (status IN ('active', 'disabled')),
        CONSTRAINT webhook_subscriptions_disabled_reason CHECK ((status = 'disabled') = (disabled_reason IS NOT NULL))
      )`);
    await db.query(
      "CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (next_attempt_at) WHERE status = 'active'",
    );
    await db.query(
      'CREATE INDEX webhook_subscriptions_organization ON webhook_subscriptions (organization_id, created_at DESC, id DESC)',
    );
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL,
        event_id uuid NOT NULL,
        attempt integer NOT NULL,
        succeeded boolean NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES webhook_subscriptions (id) ON DELETE CASCADE
      )`);
    await db.query(
      'CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, attempted_at DESC, id DESC)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_deliveries');
    await db.query('DROP TABLE webhook_subscriptions');
  }
}
