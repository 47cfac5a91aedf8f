import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEquipment1795970000000 implements MigrationInterface {
  name = 'CreateEquipment1795970000000';

  async up(db: QueryRunner): Promise<void> {
    // A train's consist: the wagons it runs on, in force from valid_from until valid_to (the next one's
    // valid_from). The one formed at the origin is in force from the start ('-infinity'); it may be
    // replaced while the train is planned or loading (version counts that). Each transshipment starts a
    // new one at its gauge-change stop, so "which wagon at time T" is a lookup by time.
    await db.query(`
      CREATE TABLE consists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        train_id uuid NOT NULL,
        station_code varchar(5) NOT NULL,
        gauge smallint NOT NULL,
        train_number varchar(16) NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consists_train_id_fkey FOREIGN KEY (train_id) REFERENCES trains (id) ON DELETE CASCADE,
        CONSTRAINT consists_station_code_fkey FOREIGN KEY (station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT consists_gauge CHECK (gauge IN (1435, 1520)),
        CONSTRAINT consists_validity CHECK (valid_to IS NULL OR valid_to > valid_from),
        CONSTRAINT consists_train_from UNIQUE (train_id, valid_from)
      )`);
    // One consist in force now per train; the one at T is the last with valid_from <= T (consists_train_from).
    await db.query('CREATE UNIQUE INDEX consists_train_current ON consists (train_id) WHERE valid_to IS NULL');

    await db.query(`
      CREATE TABLE consist_wagons (
        consist_id uuid NOT NULL,
        position smallint NOT NULL,
        number varchar(12) NOT NULL,
        gauge smallint NOT NULL,
        kind text NOT NULL,
        capacity_teu smallint,
        CONSTRAINT consist_wagons_pkey PRIMARY KEY (consist_id, position),
        CONSTRAINT consist_wagons_number UNIQUE (consist_id, number),
        CONSTRAINT consist_wagons_consist_id_fkey FOREIGN KEY (consist_id) REFERENCES consists (id) ON DELETE CASCADE,
        CONSTRAINT consist_wagons_position CHECK (position >= 1),
        CONSTRAINT consist_wagons_kind CHECK (kind IN ('flat', 'car_carrier')),
        CONSTRAINT consist_wagons_gauge CHECK (
          (gauge = 1435 AND number ~ '^[0-9]{12}$') OR (gauge = 1520 AND number ~ '^[0-9]{8}$')),
        CONSTRAINT consist_wagons_capacity CHECK (
          CASE kind WHEN 'flat' THEN capacity_teu IN (2, 4) ELSE capacity_teu IS NULL END)
      )`);

    // A container on a flat of a consist: on one wagon per consist (the primary key).
    await db.query(`
      CREATE TABLE consist_containers (
        consist_id uuid NOT NULL,
        container_number varchar(11) NOT NULL,
        size_type char(4) NOT NULL,
        wagon_position smallint NOT NULL,
        CONSTRAINT consist_containers_pkey PRIMARY KEY (consist_id, container_number),
        CONSTRAINT consist_containers_wagon_fkey FOREIGN KEY (consist_id, wagon_position)
          REFERENCES consist_wagons (consist_id, position) ON DELETE CASCADE,
        CONSTRAINT consist_containers_number CHECK (container_number ~ '^[A-Z]{3}[UJZ][0-9]{7}$'),
        CONSTRAINT consist_containers_size_type CHECK (size_type ~ '^[24L][0-9A-Z][A-Z][0-9A-Z]$')
      )`);
    // A container's history across trains and consists.
    await db.query('CREATE INDEX consist_containers_container ON consist_containers (container_number)');
    await db.query('CREATE INDEX consist_containers_wagon ON consist_containers (consist_id, wagon_position)');

    // Where a transshipment put a vehicle that rode a car carrier before it: onto another car carrier or
    // into a container. A vehicle with no row here keeps the unit it was loaded in (loadings).
    await db.query(`
      CREATE TABLE consist_vehicles (
        consist_id uuid NOT NULL,
        vin char(17) NOT NULL,
        unit_kind text NOT NULL,
        unit_number varchar(12) NOT NULL,
        CONSTRAINT consist_vehicles_pkey PRIMARY KEY (consist_id, vin),
        CONSTRAINT consist_vehicles_consist_id_fkey FOREIGN KEY (consist_id) REFERENCES consists (id) ON DELETE CASCADE,
        CONSTRAINT consist_vehicles_vin_fkey FOREIGN KEY (vin) REFERENCES vehicles (vin) ON DELETE CASCADE,
        CONSTRAINT consist_vehicles_unit_kind CHECK (unit_kind IN ('container', 'wagon'))
      )`);
    await db.query('CREATE INDEX consist_vehicles_vin ON consist_vehicles (vin)');

    // The gauge change, once per stop of a train: from which consist (and train number) to which.
    await db.query(`
      CREATE TABLE transshipments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        train_id uuid NOT NULL,
        station_code varchar(5) NOT NULL,
        occurred_at timestamptz NOT NULL,
        from_consist_id uuid NOT NULL,
        consist_id uuid NOT NULL,
        from_train_number varchar(16) NOT NULL,
        train_number varchar(16) NOT NULL,
        containers_moved integer NOT NULL,
        vehicles_moved integer NOT NULL,
        recorded_by uuid,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT transshipments_train_id_fkey FOREIGN KEY (train_id) REFERENCES trains (id) ON DELETE CASCADE,
        CONSTRAINT transshipments_station_code_fkey FOREIGN KEY (station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT transshipments_from_consist_id_fkey FOREIGN KEY (from_consist_id) REFERENCES consists (id) ON DELETE CASCADE,
        CONSTRAINT transshipments_consist_id_fkey FOREIGN KEY (consist_id) REFERENCES consists (id) ON DELETE CASCADE,
        CONSTRAINT transshipments_once UNIQUE (train_id, station_code),
        CONSTRAINT transshipments_counts CHECK (containers_moved >= 0 AND vehicles_moved >= 0)
      )`);
    // A train is found by the number it ran under before a transshipment too.
    await db.query('CREATE INDEX transshipments_from_train_number ON transshipments (from_train_number)');

    // The wagon a vehicle rides on now (directly or in its container), kept by the statements that load,
    // unload, set a consist and transship, like its unit; the one it arrived on stays after arrival.
    await db.query(`
      ALTER TABLE vehicles
        ADD COLUMN wagon_number varchar(12),
        ADD COLUMN wagon_gauge smallint,
        ADD CONSTRAINT vehicles_wagon CHECK ((wagon_number IS NULL) = (wagon_gauge IS NULL)),
        ADD CONSTRAINT vehicles_wagon_needs_unit CHECK (wagon_number IS NULL OR unit_kind IS NOT NULL)`);
    // The vehicles in a container (GET /containers/:number, ?containerNumber=).
    await db.query(
      "CREATE INDEX vehicles_container ON vehicles (unit_number, consignment_id) WHERE unit_kind = 'container'",
    );
    // The trips of a container that vehicles were loaded into (a train without a consist has only these).
    await db.query("CREATE INDEX loadings_container ON loadings (unit_number, train_id) WHERE unit_kind = 'container'");

    // Border dwell per gauge-change crossing, derived from the train's events with the rest of its journey.
    await db.query(`ALTER TABLE trains ADD COLUMN border_dwell jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE trains DROP COLUMN border_dwell');
    await db.query('DROP INDEX loadings_container');
    await db.query('DROP INDEX vehicles_container');
    await db.query('ALTER TABLE vehicles DROP COLUMN wagon_number, DROP COLUMN wagon_gauge');
    await db.query('DROP TABLE transshipments');
    await db.query('DROP TABLE consist_vehicles');
    await db.query('DROP TABLE consist_containers');
    await db.query('DROP TABLE consist_wagons');
    await db.query('DROP TABLE consists');
  }
}
