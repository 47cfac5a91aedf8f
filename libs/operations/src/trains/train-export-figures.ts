/**
 * Adds what each exporter sent on the given trains (`$1`, ids; departed, each counted once: when it
 * departs) to the figures of its day and month of departure in China time. What left cannot change after.
 */
export const ADD_TRAIN_EXPORTS = `
  WITH sent AS (
    SELECT (t.departed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.exporter_id, count(*)::int AS vehicles,
      COALESCE(sum(v.declared_value_amount) FILTER (WHERE v.declared_value_currency = 'CNY'), 0) AS value,
      (count(*) FILTER (WHERE v.powertrain IN ('BEV', 'PHEV', 'FCEV')))::int AS nev_vehicles,
      COALESCE(sum(v.declared_value_amount)
        FILTER (WHERE v.powertrain IN ('BEV', 'PHEV', 'FCEV') AND v.declared_value_currency = 'CNY'), 0) AS nev_value
    FROM trains t
    JOIN consignments c ON c.train_id = t.id
    JOIN vehicles v ON v.consignment_id = c.id
    WHERE t.id = ANY($1) AND t.departed_at IS NOT NULL AND v.status NOT IN ('booked', 'cancelled')
    GROUP BY 1, 2
  ),
  daily AS (
    INSERT INTO export_figures_daily AS f (day, exporter_id, vehicles, value, nev_vehicles, nev_value)
    SELECT day, exporter_id, vehicles, value, nev_vehicles, nev_value FROM sent
    ON CONFLICT (day, exporter_id) DO UPDATE SET
      vehicles = f.vehicles + EXCLUDED.vehicles, value = f.value + EXCLUDED.value,
      nev_vehicles = f.nev_vehicles + EXCLUDED.nev_vehicles, nev_value = f.nev_value + EXCLUDED.nev_value
  )
  INSERT INTO export_figures_monthly AS f (month, exporter_id, vehicles, value, nev_vehicles, nev_value)
  SELECT date_trunc('month', day)::date, exporter_id, sum(vehicles), sum(value), sum(nev_vehicles), sum(nev_value)
  FROM sent GROUP BY 1, 2
  ON CONFLICT (month, exporter_id) DO UPDATE SET
    vehicles = f.vehicles + EXCLUDED.vehicles, value = f.value + EXCLUDED.value,
    nev_vehicles = f.nev_vehicles + EXCLUDED.nev_vehicles, nev_value = f.nev_value + EXCLUDED.nev_value`;
