import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExportFigures1795920500000 implements MigrationInterface {
  name = 'CreateExportFigures1795920500000';

  async up(db: QueryRunner): Promise<void> {
    // The export report reads one row per day of departure (China time) and exporter instead of every
    // vehicle: what left on a train is fixed once it departs, so it is added here then. Values in CNY
    // only (vehicles declared in another currency are counted, not valued); NEV = BEV, PHEV, FCEV.
    await db.query(`
      CREATE TABLE export_figures_daily (
        day date NOT NULL,
        exporter_id uuid NOT NULL,
        vehicles integer NOT NULL,
        value numeric(16, 2) NOT NULL,
        nev_vehicles integer NOT NULL,
        nev_value numeric(16, 2) NOT NULL,
        PRIMARY KEY (day, exporter_id),
        CONSTRAINT export_figures_daily_exporter_id_fkey FOREIGN KEY (exporter_id) REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await db.query('CREATE INDEX export_figures_daily_exporter ON export_figures_daily (exporter_id, day)');
    // The same by month: a report over whole months reads a row per month and exporter.
    await db.query(`
      CREATE TABLE export_figures_monthly (
        month date NOT NULL,
        exporter_id uuid NOT NULL,
        vehicles integer NOT NULL,
        value numeric(16, 2) NOT NULL,
        nev_vehicles integer NOT NULL,
        nev_value numeric(16, 2) NOT NULL,
        PRIMARY KEY (month, exporter_id),
        CONSTRAINT export_figures_monthly_month CHECK (extract(day FROM month) = 1),
        CONSTRAINT export_figures_monthly_exporter_id_fkey FOREIGN KEY (exporter_id) REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await db.query('CREATE INDEX export_figures_monthly_exporter ON export_figures_monthly (exporter_id, month)');
    // The trains that have departed already.
    await db.query(`
      INSERT INTO export_figures_daily (day, exporter_id, vehicles, value, nev_vehicles, nev_value)
      SELECT (t.departed_at AT TIME ZONE 'Asia/Shanghai')::date, c.exporter_id, count(*),
        COALESCE(sum(v.declared_value_amount) FILTER (WHERE v.declared_value_currency = 'CNY'), 0),
        count(*) FILTER (WHERE v.powertrain IN ('BEV', 'PHEV', 'FCEV')),
        COALESCE(sum(v.declared_value_amount) FILTER (WHERE v.powertrain IN ('BEV', 'PHEV', 'FCEV') AND v.declared_value_currency = 'CNY'), 0)
      FROM trains t
      JOIN consignments c ON c.train_id = t.id
      JOIN vehicles v ON v.consignment_id = c.id
      WHERE t.departed_at IS NOT NULL AND v.status NOT IN ('booked', 'cancelled')
      GROUP BY 1, 2`);
    await db.query(`
      INSERT INTO export_figures_monthly (month, exporter_id, vehicles, value, nev_vehicles, nev_value)
      SELECT date_trunc('month', day)::date, exporter_id, sum(vehicles), sum(value), sum(nev_vehicles), sum(nev_value)
      FROM export_figures_daily GROUP BY 1, 2`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE export_figures_monthly');
    await db.query('DROP TABLE export_figures_daily');
  }
}
