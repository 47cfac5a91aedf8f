import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VehiclesBookingOrder1795960000000 implements MigrationInterface {
  name = 'VehiclesBookingOrder1795960000000';

  async up(db: QueryRunner): Promise<void> {
    // A consignment lists its vehicles in the order they were booked (and added by amendments), as the
    // exporter sent them, not re-sorted by VIN. Vehicles booked before this column existed keep the order
    // they were shown in (by VIN); new ones are numbered as they are inserted.
    await db.query('ALTER TABLE vehicles ADD COLUMN booked_seq bigint');
    await db.query(`
      UPDATE vehicles v SET booked_seq = o.n
      FROM (SELECT vin, row_number() OVER (ORDER BY consignment_id, vin) AS n FROM vehicles) o
      WHERE o.vin = v.vin`);
    await db.query('ALTER TABLE vehicles ALTER COLUMN booked_seq SET NOT NULL');
    await db.query('ALTER TABLE vehicles ALTER COLUMN booked_seq ADD GENERATED ALWAYS AS IDENTITY');
    await db.query(
      `SELECT setval(pg_get_serial_sequence('vehicles', 'booked_seq'), COALESCE(max(booked_seq), 0) + 1, false) FROM vehicles`,
    );
    await db.query('CREATE INDEX vehicles_consignment_booked ON vehicles (consignment_id, booked_seq)');
    await db.query('DROP INDEX vehicles_consignment');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX vehicles_consignment ON vehicles (consignment_id, vin)');
    await db.query('DROP INDEX vehicles_consignment_booked');
    await db.query('ALTER TABLE vehicles DROP COLUMN booked_seq');
  }
}
