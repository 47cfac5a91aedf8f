import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOperations1795910600000 implements MigrationInterface {
  name = 'CreateOperations1795910600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE trains (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        train_number varchar(16) NOT NULL,
        route_code varchar(32) NOT NULL,
        status text NOT NULL DEFAULT 'planned',
        planned_departure_at timestamptz NOT NULL,
        departed_at timestamptz,
        arrived_at timestamptz,
        current_station_code varchar(5),
        eta timestamptz,
        vehicle_count integer NOT NULL DEFAULT 0,
        consignment_count integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trains_route_code_fkey FOREIGN KEY (route_code) REFERENCES routes (code) ON DELETE RESTRICT,
        CONSTRAINT trains_current_station_code_fkey FOREIGN KEY (current_station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT trains_status CHECK (status IN ('planned', 'loading', 'departed', 'arrived', 'closed', 'cancelled')),
        CONSTRAINT trains_departed_has_time CHECK (status NOT IN ('departed', 'arrived', 'closed') OR departed_at IS NOT NULL),
        CONSTRAINT trains_arrived_has_time CHECK (status NOT IN ('arrived', 'closed') OR arrived_at IS NOT NULL),
        CONSTRAINT trains_counts CHECK (vehicle_count >= 0 AND consignment_count >= 0)
      )`);
    // A train number is reused on other days: a train is its number plus its departure day (China time).
    await db.query(`
      CREATE UNIQUE INDEX trains_number_departure_day
        ON trains (train_number, ((planned_departure_at AT TIME ZONE 'Asia/Shanghai')::date))
        WHERE status <> 'cancelled'`);
    await db.query('CREATE INDEX trains_departure ON trains (planned_departure_at DESC, id DESC)');
    await db.query('CREATE INDEX trains_status_departure ON trains (status, planned_departure_at DESC, id DESC)');
    // The status machine, enforced by the database too: planned → loading → departed → arrived → closed,
    // cancelled from planned or loading.
    await db.query(`
      CREATE FUNCTION trains_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = OLD.status THEN RETURN NEW; END IF;
        IF (OLD.status, NEW.status) IN (
          ('planned', 'loading'), ('planned', 'departed'), ('loading', 'departed'), ('departed', 'arrived'),
          ('arrived', 'closed'), ('planned', 'cancelled'), ('loading', 'cancelled'), ('loading', 'planned')
        ) THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'illegal train status transition % -> %', OLD.status, NEW.status
          USING ERRCODE = 'check_violation', CONSTRAINT = 'trains_status_transition';
      END $$`);
    await db.query(`
      CREATE TRIGGER trains_status_transition BEFORE UPDATE OF status ON trains
        FOR EACH ROW EXECUTE FUNCTION trains_check_transition()`);

    await db.query(`
      CREATE TABLE consignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        waybill_number varchar(20) NOT NULL,
        exporter_id uuid NOT NULL,
        consignee_name text NOT NULL,
        consignee_country char(2) NOT NULL,
        origin_station_code varchar(5) NOT NULL,
        destination_station_code varchar(5) NOT NULL,
        train_id uuid,
        status text NOT NULL DEFAULT 'booked',
        current_station_code varchar(5),
        eta timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consignments_waybill_number_unique UNIQUE (waybill_number),
        CONSTRAINT consignments_exporter_id_fkey FOREIGN KEY (exporter_id) REFERENCES organizations (id) ON DELETE RESTRICT,
        CONSTRAINT consignments_origin_station_code_fkey FOREIGN KEY (origin_station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT consignments_destination_station_code_fkey FOREIGN KEY (destination_station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT consignments_current_station_code_fkey FOREIGN KEY (current_station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT consignments_train_id_fkey FOREIGN KEY (train_id) REFERENCES trains (id) ON DELETE RESTRICT,
        CONSTRAINT consignments_waybill_format CHECK (waybill_number ~ '^[A-Z0-9]{6,20}$'),
        CONSTRAINT consignments_status CHECK (status IN ('booked', 'loaded', 'in_transit', 'customs_hold', 'arrived', 'delivered', 'cancelled'))
      )`);
    await db.query('CREATE INDEX consignments_created ON consignments (created_at DESC, id DESC)');
    await db.query(
      'CREATE INDEX consignments_exporter_created ON consignments (exporter_id, created_at DESC, id DESC)',
    );
    await db.query('CREATE INDEX consignments_train ON consignments (train_id, created_at DESC, id DESC)');
    await db.query('CREATE INDEX consignments_status_created ON consignments (status, created_at DESC, id DESC)');

    await db.query(`
      CREATE TABLE vehicles (
        vin char(17) PRIMARY KEY,
        consignment_id uuid NOT NULL,
        make text NOT NULL,
        model text NOT NULL,
        powertrain text NOT NULL,
        declared_value_amount numeric(14, 2) NOT NULL,
        declared_value_currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'booked',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT vehicles_consignment_id_fkey FOREIGN KEY (consignment_id) REFERENCES consignments (id) ON DELETE CASCADE,
        CONSTRAINT vehicles_vin_format CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
        CONSTRAINT vehicles_powertrain CHECK (powertrain IN ('ICE', 'HEV', 'PHEV', 'BEV', 'FCEV')),
        CONSTRAINT vehicles_value CHECK (declared_value_amount >= 0),
        CONSTRAINT vehicles_status CHECK (status IN ('booked', 'loaded', 'in_transit', 'customs_hold', 'arrived', 'delivered', 'cancelled'))
      )`);
    await db.query('CREATE INDEX vehicles_consignment ON vehicles (consignment_id, vin)');

    await db.query(`
      CREATE TABLE loadings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        train_id uuid NOT NULL,
        vin char(17) NOT NULL,
        unit_kind text NOT NULL,
        unit_number varchar(12) NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        CONSTRAINT loadings_train_id_fkey FOREIGN KEY (train_id) REFERENCES trains (id) ON DELETE CASCADE,
        CONSTRAINT loadings_vin_fkey FOREIGN KEY (vin) REFERENCES vehicles (vin) ON DELETE CASCADE,
        CONSTRAINT loadings_unit_kind CHECK (unit_kind IN ('container', 'wagon'))
      )`);
    // A VIN sits on at most one train that has not arrived: the database decides, not a read-then-write.
    await db.query('CREATE UNIQUE INDEX loadings_vin_active ON loadings (vin) WHERE released_at IS NULL');
    await db.query('CREATE INDEX loadings_train_active ON loadings (train_id, vin) WHERE released_at IS NULL');
    // The unit a vehicle travelled in stays visible after arrival: the latest loading of a VIN.
    await db.query('CREATE INDEX loadings_vin_latest ON loadings (vin, loaded_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE loadings');
    await db.query('DROP TABLE vehicles');
    await db.query('DROP TABLE consignments');
    await db.query('DROP TABLE trains');
    await db.query('DROP FUNCTION trains_check_transition()');
  }
}
