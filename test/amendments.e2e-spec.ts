import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Consignment, NotLoadedProblem, OtherTrainProblem } from './support/api-types.js';
import { aContainer, aDeparture, aTrain, aVehicle, aVin } from './support/factories.js';
import { bookedConsignment } from './support/scenarios.js';
import { statusFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue #15 item 1: a consignment travels whole. Amendments before departure (add or remove vehicles,
 * cancel), no departure while a vehicle of a consignment on the train is not loaded, no consignment event
 * for a vehicle that is not on the train, and loading refusals that name the train by its number.
 */
describe('amendments, partial loading and the departure check', () => {
  let api: TestApp;
  let operator: Actor;
  let staff: ApiClient;
  let exporterA: Actor;
  let exporterB: Actor;

  const vinsOf = (consignment: Consignment) => consignment.vehicles.map((vehicle) => vehicle.vin);
  const book = (vehicles: number, exporter = exporterA) => bookedConsignment(api, exporter, vehicles);
  /** A new train with `vins` loaded in one container (none when empty). */
  const trainWith = async (vins: string[]) => {
    const train = await staff.createTrain(aTrain());
    if (vins.length) await staff.load(train.id, { unit: aContainer(), vins });
    return train;
  };

  beforeAll(async () => {
    api = await startTestApp();
    [operator, exporterA, exporterB] = await Promise.all([
      createActor(api, 'operator'),
      createActor(api, 'exporter'),
      createActor(api, 'exporter'),
    ]);
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  describe('departure', () => {
    it('refuses DEPARTED with 409 while 1 of 6 vehicles is not loaded, naming the consignment and the VIN', async () => {
      const consignment = await book(6);
      const vins = vinsOf(consignment);
      const train = await trainWith(vins.slice(0, 5));

      const problem = await staff
        .recordTrainEvent(train.id, aDeparture())
        .expectProblem(409)
        .then((p) => p as NotLoadedProblem);

      expect(problem.type).toBe('https://landbridge.dev/problems/vehicles-not-loaded');
      expect(problem.detail).toContain(train.trainNumber);
      expect(problem.errors).toEqual([
        {
          field: 'consignments[0].vins[0]',
          message: `vehicle ${vins[5]} of consignment ${consignment.waybillNumber} (id ${consignment.id}) is not loaded; load it or remove it from the consignment`,
        },
      ]);
      expect(problem.consignments).toEqual([
        { id: consignment.id, waybillNumber: consignment.waybillNumber, vins: [vins[5]] },
      ]);
      // Nothing moved: the train waits, the consignment is still loaded.
      expect(await staff.getTrain(train.id)).toEqual(expect.objectContaining({ status: 'loading', departedAt: null }));
      expect((await staff.getConsignment(consignment.id)).status).toBe('loaded');
      expect((await staff.timeline(consignment.id)).items).toEqual([]);
    });

    it('names every consignment and VIN left behind, and departs once they are loaded or removed', async () => {
      const [first, second] = [await book(3), await book(2, exporterB)];
      const train = await trainWith([vinsOf(first)[0]!, vinsOf(second)[1]!]);

      const problem = (await staff.recordTrainEvent(train.id, aDeparture()).expectProblem(409)) as NotLoadedProblem;
      const leftBehind = (c: Consignment, vins: string[]) => ({ id: c.id, waybillNumber: c.waybillNumber, vins });
      expect(problem.consignments).toEqual(
        [leftBehind(first, [...vinsOf(first).slice(1)].sort()), leftBehind(second, [vinsOf(second)[0]!])].sort((a, b) =>
          a.waybillNumber.localeCompare(b.waybillNumber),
        ),
      );
      expect(problem.errors).toHaveLength(3);
      expect(problem.errors!.map((e) => e.field)).toEqual(
        expect.arrayContaining(['consignments[0].vins[0]', 'consignments[1].vins[0]']),
      );

      // Load one, remove the other two: the train departs with both consignments whole.
      await staff.load(train.id, { unit: aContainer(), vins: [vinsOf(second)[0]!] });
      await staff.removeVehicle(first.id, vinsOf(first)[1]!);
      await api.as(exporterA).removeVehicle(first.id, vinsOf(first)[2]!);
      await staff.recordTrainEvent(train.id, aDeparture());

      for (const id of [first.id, second.id]) {
        const departed = await staff.getConsignment(id);
        expect(departed.status).toBe('in_transit');
        expect(departed.vehicles.map((v) => [v.status, v.unit === null])).toEqual(
          departed.vehicles.map(() => ['in_transit', false]),
        );
      }
    });
  });

  describe('a cancelled train', () => {
    it('leaves no vehicle in a unit, held at customs or not, so another train cannot depart without it', async () => {
      const consignment = await book(2);
      const [held, other] = vinsOf(consignment) as [string, string];
      const first = await trainWith([held, other]);
      await staff.recordConsignmentEvent(consignment.id, {
        type: 'CUSTOMS_HOLD',
        stationCode: 'CNZGZ',
        occurredAt: '2024-03-20T08:00:00+08:00',
        note: 'export declaration missing',
      });
      await staff.updateTrain(first.id, { status: 'cancelled' });
      for (const vin of [held, other]) {
        expect(await staff.getVehicle(vin)).toMatchObject({ unit: null, train: null });
      }

      const second = await trainWith([other]);
      const problem = (await staff.recordTrainEvent(second.id, aDeparture()).expectProblem(409)) as NotLoadedProblem;
      expect(problem.consignments).toEqual([
        { id: consignment.id, waybillNumber: consignment.waybillNumber, vins: [held] },
      ]);
    });
  });

  describe('consignment events naming a vehicle', () => {
    it('refuses with 422 on `vin` an event for a VIN never loaded or unloaded again, and records one for a loaded VIN', async () => {
      const consignment = await book(3);
      const [loaded, neverLoaded, unloaded] = vinsOf(consignment) as [string, string, string];
      const train = await trainWith([loaded, unloaded]);
      await staff.unload(train.id, unloaded);
      const damage = (vin: string) => ({
        type: 'DAMAGE_REPORTED' as const,
        stationCode: 'CNZGZ',
        occurredAt: '2024-03-20T08:00:00+08:00',
        note: 'scratched bumper',
        vin,
      });

      for (const vin of [neverLoaded, unloaded]) {
        const problem = await staff.recordConsignmentEvent(consignment.id, damage(vin)).expectProblem(422);
        expect(problem.errors).toEqual([{ field: 'vin', message: expect.stringContaining(vin) }]);
        expect(problem.errors![0]!.message).toContain(train.trainNumber);
      }
      const recorded = await staff.recordConsignmentEvent(consignment.id, damage(loaded));
      expect(recorded.vin).toBe(loaded);
      expect((await staff.timeline(consignment.id)).items.map((i) => i.vin)).toEqual([loaded]);
    });
  });

  describe('loading onto another train', () => {
    it('names the train the consignment travels on by its number, with its id for machines', async () => {
      const consignment = await book(2);
      const first = await trainWith([vinsOf(consignment)[0]!]);
      const next = await trainWith([]);

      const problem = (await staff
        .load(next.id, { unit: aContainer(), vins: [vinsOf(consignment)[1]!] })
        .expectProblem(409)) as OtherTrainProblem;

      expect(problem.detail).toContain(`train ${first.trainNumber}`);
      expect(problem.trainId).toBe(first.id);
      expect(problem.trainNumber).toBe(first.trainNumber);
      expect(problem.errors).toEqual([{ field: 'vins[0]', message: expect.stringContaining(first.trainNumber) }]);
    });
  });

  describe('adding vehicles', () => {
    it('adds vehicles before departure (VINs upper-cased), bumps the version and answers the document with its ETag', async () => {
      const consignment = await book(1);
      const added = [aVehicle(), aVehicle({ make: 'Yutong', model: 'ZK6122H9', powertrain: 'BEV' })];
      const call = api
        .as(exporterA)
        .addVehicles(
          consignment.id,
          { vehicles: added.map((v, i) => (i === 0 ? { ...v, vin: v.vin.toLowerCase() } : v)) },
          { ifMatch: `"${consignment.version}"` },
        );
      const amended = await call;

      expect(amended.version).toBe(consignment.version + 1);
      expect((await call.response).headers.get('etag')).toBe(`"${amended.version}"`);
      expect(vinsOf(amended).sort()).toEqual([...vinsOf(consignment), ...added.map((v) => v.vin)].sort());
      expect(amended.vehicles.find((v) => v.vin === added[1]!.vin)).toEqual({
        ...added[1],
        status: 'booked',
        unit: null,
        wagon: null,
      });
      expect(await api.as(exporterA).getConsignment(consignment.id)).toEqual(amended);
      expect((await api.as(exporterA).getVehicle(added[0]!.vin)).consignmentId).toBe(consignment.id);
    });

    it('adds to a loaded consignment: the new vehicles wait to be loaded, and the train may not depart without them', async () => {
      const consignment = await book(2);
      const train = await trainWith(vinsOf(consignment));
      const extra = aVehicle();

      const amended = await staff.addVehicles(consignment.id, { vehicles: [extra] });

      expect(amended.status).toBe('loaded');
      expect(amended.trainId).toBe(train.id);
      expect(amended.vehicles.find((v) => v.vin === extra.vin)).toEqual(
        expect.objectContaining({ status: 'booked', unit: null }),
      );
      const problem = (await staff.recordTrainEvent(train.id, aDeparture()).expectProblem(409)) as NotLoadedProblem;
      expect(problem.consignments).toEqual([
        { id: consignment.id, waybillNumber: consignment.waybillNumber, vins: [extra.vin] },
      ]);
    });

    it('refuses a VIN booked already (409) or repeated, or a bad vehicle (422), naming the field; stores nothing', async () => {
      const consignment = await book(1);
      const other = await book(1, exporterB);
      const taken = vinsOf(other)[0]!;
      const fresh = aVehicle();

      const conflict = await staff
        .addVehicles(consignment.id, { vehicles: [fresh, aVehicle({ vin: taken })] })
        .expectProblem(409);
      expect(conflict.errors).toEqual([{ field: 'vehicles[1].vin', message: `${taken} is already booked` }]);
      const again = await staff
        .addVehicles(consignment.id, { vehicles: [vinsOf(consignment)[0]!].map((vin) => aVehicle({ vin })) })
        .expectProblem(409);
      expect(again.errors).toEqual([{ field: 'vehicles[0].vin', message: expect.stringContaining('already booked') }]);

      const repeated = await staff.addVehicles(consignment.id, { vehicles: [fresh, fresh] }).expectProblem(422);
      expect(repeated.errors).toEqual([{ field: 'vehicles[1].vin', message: `${fresh.vin} appears twice` }]);
      const invalid = await staff
        .addVehicles(consignment.id, { vehicles: [{ ...fresh, vin: `${fresh.vin.slice(0, 16)}I` }] })
        .expectProblem(422);
      expect(invalid.errors!.map((e) => e.field)).toEqual(['vehicles[0].vin']);
      await staff.addVehicles(consignment.id, { vehicles: [] }).expectProblem(422);
      await staff
        .request('POST', `/api/v1/consignments/${consignment.id}/vehicles`, { json: { vehicles: [fresh], extra: 1 } })
        .expectStatus(422);

      const unchanged = await staff.getConsignment(consignment.id);
      expect(unchanged.version).toBe(consignment.version);
      expect(vinsOf(unchanged)).toEqual(vinsOf(consignment));
    });
  });

  describe('removing a vehicle', () => {
    it('unloads a loaded vehicle as it removes it: the train counts one less and the VIN may be booked again', async () => {
      const consignment = await book(3);
      const [gone, ...kept] = vinsOf(consignment) as [string, ...string[]];
      const train = await trainWith(vinsOf(consignment));

      const call = api.as(exporterA).removeVehicle(consignment.id, gone.toLowerCase());
      const amended = await call;

      expect(vinsOf(amended).sort()).toEqual([...kept].sort());
      expect(amended).toEqual(expect.objectContaining({ status: 'loaded', trainId: train.id }));
      expect(amended.version).toBeGreaterThan(consignment.version);
      expect((await call.response).headers.get('etag')).toBe(`"${amended.version}"`);
      expect(await staff.getTrain(train.id)).toEqual(expect.objectContaining({ vehicleCount: 2, consignmentCount: 1 }));
      await staff.getVehicle(gone).expectStatus(404);
      const again = await bookedConsignment(api, exporterB, [aVehicle({ vin: gone })]);
      expect(vinsOf(again)).toEqual([gone]);
    });

    it('takes the consignment off the train with its last loaded vehicle', async () => {
      const consignment = await book(2);
      const [loaded, booked] = vinsOf(consignment) as [string, string];
      const train = await trainWith([loaded]);

      const amended = await staff.removeVehicle(consignment.id, loaded);

      expect(amended).toEqual(expect.objectContaining({ status: 'booked', trainId: null, eta: null }));
      expect(vinsOf(amended)).toEqual([booked]);
      expect(await staff.getTrain(train.id)).toEqual(
        expect.objectContaining({ status: 'planned', vehicleCount: 0, consignmentCount: 0 }),
      );
    });

    it('refuses to remove the last vehicle (409: cancel instead) and a VIN not of the consignment (404)', async () => {
      const consignment = await book(1);
      const other = await book(1);

      const last = await staff.removeVehicle(consignment.id, vinsOf(consignment)[0]!).expectProblem(409);
      expect(last.detail).toMatch(/last vehicle.*cancel/i);
      await staff.removeVehicle(consignment.id, vinsOf(other)[0]!).expectProblem(404);
      await staff.removeVehicle(consignment.id, aVin()).expectProblem(404);
      expect((await staff.getConsignment(consignment.id)).version).toBe(consignment.version);
    });
  });

  describe('cancelling', () => {
    it('cancels a loaded consignment: loadings released, one status event, the train counts it no more', async () => {
      const consignment = await book(2);
      const other = await book(1);
      const train = await trainWith([...vinsOf(consignment), ...vinsOf(other)]);
      const before = (await statusFeed(api, exporterA)).at(-1)!.id;

      const cancelled = await api.as(exporterA).cancelConsignment(consignment.id, { ifMatch: '*' });

      expect(cancelled).toEqual(
        expect.objectContaining({ status: 'cancelled', trainId: null, eta: null, currentStationCode: null }),
      );
      expect(cancelled.vehicles.map((v) => [v.status, v.unit])).toEqual([
        ['cancelled', null],
        ['cancelled', null],
      ]);
      expect(await staff.getTrain(train.id)).toEqual(expect.objectContaining({ vehicleCount: 1, consignmentCount: 1 }));
      const events = (await statusFeed(api, exporterA, { after: before })).filter(
        (e) => e.data.consignmentId === consignment.id,
      );
      expect(events.map((e) => [e.data.previousStatus, e.data.status])).toEqual([['loaded', 'cancelled']]);
      // A cancelled consignment travels no more, and the train departs without it.
      await staff.load(train.id, { unit: aContainer(), vins: [vinsOf(consignment)[0]!] }).expectProblem(409);
      await staff.recordTrainEvent(train.id, aDeparture());
      expect((await staff.getConsignment(consignment.id)).status).toBe('cancelled');
    });

    it('answers a second cancel with 409, or replays it with the same Idempotency-Key', async () => {
      const consignment = await book(1);
      const first = staff.cancelConsignment(consignment.id, { idempotencyKey: `cancel-${consignment.id}` });
      const cancelled = await first;
      const replay = staff.cancelConsignment(consignment.id, { idempotencyKey: `cancel-${consignment.id}` });

      expect(await replay).toEqual(cancelled);
      expect((await replay.response).headers.get('idempotent-replayed')).toBe('true');
      const twice = await staff.cancelConsignment(consignment.id).expectProblem(409);
      expect(twice.detail).toContain('cancelled');
      await staff.addVehicles(consignment.id, { vehicles: [aVehicle()] }).expectProblem(409);
      await staff.removeVehicle(consignment.id, vinsOf(consignment)[0]!).expectProblem(409);
    });
  });

  describe('after departure', () => {
    it('refuses every amendment with 409', async () => {
      const consignment = await book(2);
      const train = await trainWith(vinsOf(consignment));
      await staff.recordTrainEvent(train.id, aDeparture());

      for (const call of [
        staff.addVehicles(consignment.id, { vehicles: [aVehicle()] }),
        staff.removeVehicle(consignment.id, vinsOf(consignment)[0]!),
        staff.cancelConsignment(consignment.id),
      ]) {
        const problem = await call.expectProblem(409);
        expect(problem.detail).toMatch(/in_transit|departed/);
      }
      const unchanged = await staff.getConsignment(consignment.id);
      expect(unchanged).toEqual(expect.objectContaining({ status: 'in_transit', trainId: train.id }));
      expect(unchanged.vehicles).toHaveLength(2);
    });
  });

  describe('versions and access', () => {
    it('honours If-Match with 412 on every amendment', async () => {
      const consignment = await book(2);
      const stale = { ifMatch: `"${consignment.version + 1}"` };

      await staff.addVehicles(consignment.id, { vehicles: [aVehicle()] }, stale).expectProblem(412);
      await staff.removeVehicle(consignment.id, vinsOf(consignment)[0]!, stale).expectProblem(412);
      await staff.cancelConsignment(consignment.id, stale).expectProblem(412);
      expect(await staff.getConsignment(consignment.id)).toEqual(consignment);
    });

    it("answers 404 to another organization's exporter, and lets the owner and staff amend", async () => {
      const consignment = await book(2, exporterB);
      const asA = api.as(exporterA);

      await asA.addVehicles(consignment.id, { vehicles: [aVehicle()] }).expectProblem(404);
      await asA.removeVehicle(consignment.id, vinsOf(consignment)[0]!).expectProblem(404);
      await asA.cancelConsignment(consignment.id).expectProblem(404);
      expect(await staff.getConsignment(consignment.id)).toEqual(consignment);

      const added = await api.as(exporterB).addVehicles(consignment.id, { vehicles: [aVehicle()] });
      expect(added.vehicles).toHaveLength(3);
      const admin = await api.asAdmin();
      expect((await admin.cancelConsignment(consignment.id)).status).toBe('cancelled');
    });
  });
});
