import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { cursorRows, queryRows, sql } from '@landbridge/common';
import { DataSource } from 'typeorm';

/**
 * One row of a train's manifest: a vehicle on the train (`vehicleCount` null), or, after all of them, the
 * total of one exporter in one currency (`vin` null).
 */
export interface TrainManifestRow {
  wagonNumber: string | null;
  unitKind: string | null;
  unitNumber: string | null;
  vin: string | null;
  make: string | null;
  model: string | null;
  powertrain: string | null;
  waybillNumber: string | null;
  exporterId: string;
  consigneeName: string | null;
  declaredValue: string;
  currency: string;
  vehicleCount: number | null;
}

/** The reads of manifests: what a train carries, by wagon and container. */
@Injectable()
export class ManifestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The exporters whose consignments are on the train (index consignments_train). */
  async exportersOnTrain(trainId: string): Promise<string[]> {
    const rows = await queryRows<{ exporterId: string }>(
      this.dataSource,
      sql`SELECT DISTINCT exporter_id AS "exporterId" FROM consignments WHERE train_id = ${trainId}`,
    );
    return rows.map((row) => row.exporterId);
  }

  /**
   * The vehicles loaded on the train in its current unit, by the position of their wagon in the consist in
   * force (no consist: no wagon, last), then unit number and VIN; then the totals per exporter and currency.
   * One query (consignments_train, vehicles_consignment, consists_train_current, consist_wagons_number),
   * streamed through a cursor.
   */
  trainManifest(trainId: string): AsyncGenerator<TrainManifestRow> {
    return cursorRows<TrainManifestRow>(
      this.dataSource,
      sql`WITH loaded AS MATERIALIZED (
            SELECT w.position, v.wagon_number, v.unit_kind, v.unit_number, v.vin, v.make, v.model, v.powertrain,
              c.waybill_number, c.exporter_id, c.consignee_name, v.declared_value_amount, v.declared_value_currency
            FROM consignments c
            JOIN vehicles v ON v.consignment_id = c.id AND v.unit_kind IS NOT NULL
            LEFT JOIN consists k ON k.train_id = c.train_id AND k.valid_to IS NULL
            LEFT JOIN consist_wagons w ON w.consist_id = k.id AND w.number = v.wagon_number
            WHERE c.train_id = ${trainId}
          )
          SELECT "wagonNumber", "unitKind", "unitNumber", vin, make, model, powertrain, "waybillNumber",
            "exporterId", "consigneeName", "declaredValue", currency, "vehicleCount"
          FROM (
            SELECT 0 AS section, position, wagon_number AS "wagonNumber", unit_kind AS "unitKind",
              unit_number AS "unitNumber", vin, make, model, powertrain, waybill_number AS "waybillNumber",
              exporter_id AS "exporterId", consignee_name AS "consigneeName",
              declared_value_amount::text AS "declaredValue", declared_value_currency AS currency,
              NULL::int AS "vehicleCount"
            FROM loaded
            UNION ALL
            SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, exporter_id, NULL,
              sum(declared_value_amount)::text, declared_value_currency, count(*)::int
            FROM loaded GROUP BY exporter_id, declared_value_currency
          ) manifest
          ORDER BY section, position NULLS LAST, "unitNumber", vin, "exporterId", currency`,
    );
  }
}
