import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExportOtherValues1795960300000 implements MigrationInterface {
  name = 'CreateExportOtherValues1795960300000';

  async up(db: QueryRunner): Promise<void> {
    // Values declared in currencies other than CNY, summed per currency beside export_figures_* (which count
    // every vehicle but value CNY only), so that the report shows them instead of leaving them out. Added
    // when a train departs, by day and by month of departure in China time, as the figures are.
    await db.query(`
      CREATE TABLE export_other_values_daily (
        day date NOT NULL,
        exporter_id uuid NOT NULL,
        currency char(3) NOT NULL,
        value numeric(16, 2) NOT NULL,
        PRIMARY KEY (day, exporter_id, currency),
        CONSTRAINT export_other_values_daily_currency CHECK (currency <> 'CNY'),
        CONSTRAINT export_other_values_daily_exporter_id_fkey FOREIGN KEY (exporter_id) REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await db.query('CREATE INDEX export_other_values_daily_exporter ON export_other_values_daily (exporter_id, day)');
    await db.query(`
      CREATE TABLE export_other_values_monthly (
        month date NOT NULL,
        exporter_id uuid NOT NULL,
        currency char(3) NOT NULL,
        value numeric(16, 2) NOT NULL,
        PRIMARY KEY (month, exporter_id, currency),
        CONSTRAINT export_other_values_monthly_month CHECK (extract(day FROM month) = 1),
        CONSTRAINT export_other_values_monthly_currency CHECK (currency <> 'CNY'),
        CONSTRAINT export_other_values_monthly_exporter_id_fkey FOREIGN KEY (exporter_id) REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await db.query(
      'CREATE INDEX export_other_values_monthly_exporter ON export_other_values_monthly (exporter_id, month)',
    );
    // The trains that have departed already.
    await db.query(`
      INSERT INTO export_other_values_daily (day, exporter_id, currency, value)
      SELECT (t.departed_at AT TIME ZONE 'Asia/Shanghai')::date, c.exporter_id, v.declared_value_currency,
        sum(v.declared_value_amount)
      FROM trains t
      JOIN consignments c ON c.train_id = t.id
      JOIN vehicles v ON v.consignment_id = c.id
      WHERE t.departed_at IS NOT NULL AND v.status NOT IN ('booked', 'cancelled') AND v.declared_value_currency <> 'CNY'
      GROUP BY 1, 2, 3`);
    await db.query(`
      INSERT INTO export_other_values_monthly (month, exporter_id, currency, value)
      SELECT date_trunc('month', day)::date, exporter_id, currency, sum(value)
      FROM export_other_values_daily GROUP BY 1, 2, 3`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE export_other_values_monthly');
    await db.query('DROP TABLE export_other_values_daily');
  }
}
