import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VehicleCurrentUnit1795930000000 implements MigrationInterface {
  name = 'VehicleCurrentUnit1795930000000';

  async up(db: QueryRunner): Promise<void> {
    // A vehicle's unit: the one it is loaded in or travelled in, none while booked. It was looked up per
    // vehicle (an index probe into loadings for each); kept on the vehicle by the statements that load,
    // unload and release it, a consignment and a page of them read only their own rows.
    await db.query(`
      ALTER TABLE vehicles
        ADD COLUMN unit_kind text,
        ADD COLUMN unit_number varchar(12),
        ADD CONSTRAINT vehicles_unit_kind CHECK (unit_kind IN ('container', 'wagon')),
        ADD CONSTRAINT vehicles_unit CHECK ((unit_kind IS NULL) = (unit_number IS NULL))`);
    await db.query(`
      UPDATE vehicles v SET unit_kind = l.unit_kind, unit_number = l.unit_number
      FROM (SELECT DISTINCT ON (vin) vin, unit_kind, unit_number FROM loadings ORDER BY vin, loaded_at DESC) l
      WHERE v.vin = l.vin AND v.status <> 'booked'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE vehicles DROP COLUMN unit_kind, DROP COLUMN unit_number');
  }
}
