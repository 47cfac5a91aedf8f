import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TrainsNumber1795970100000 implements MigrationInterface {
  name = 'TrainsNumber1795970100000';

  async up(db: QueryRunner): Promise<void> {
    // GET /trains?trainNumber= finds cancelled trains too, which the partial unique index
    // trains_number_departure_day leaves out: this one finds a number among all trains.
    await db.query('CREATE INDEX trains_number ON trains (train_number)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX trains_number');
  }
}
