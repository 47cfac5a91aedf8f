/**
 * Status updates: 1,000 status changes of one consignment (customs hold and clearance in turn, before
 * the train's departure at the origin), each timed from the start of its POST to its receipt by an SSE
 * client and by a webhook receiver; the worker runs in the api process, as with npm start. Both rows
 * come from the same changes, received side by side, so this is one scenario with two rows.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aConsignment, aContainerNumber, aTrain } from '../../test/support/factories.js';
import { type BenchContext, latencyRow, type Result, type Row, type Scenario } from '../scenario.js';

const CHANGES = 1000;
const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
/** How long to wait for the last deliveries after the last POST; what has not arrived counts as an error. */
const DELIVERY_DEADLINE_MS = 60_000;

/** A consignment of one vehicle, loaded onto a train that has departed: the target of the changes. */
async function aConsignmentOnADepartedTrain({ api, token, exporterId }: BenchContext): Promise<string> {
  const train = await api<{ id: string }>('/api/v1/trains', { method: 'POST', token, body: aTrain() });
  const consignment = await api<{ id: string; vehicles: { vin: string }[] }>('/api/v1/consignments', {
    method: 'POST',
    token,
    body: { ...aConsignment(1), exporterId },
  });
  await api(`/api/v1/trains/${train.id}/loadings`, {
    method: 'POST',
    token,
    body: { unit: { kind: 'container', number: aContainerNumber() }, vins: [consignment.vehicles[0]!.vin] },
  });
  await api(`/api/v1/trains/${train.id}/events`, {
    method: 'POST',
    token,
    body: { type: 'DEPARTED', stationCode: 'CNZGZ', occurredAt: new Date(DEPARTURE).toISOString() },
  });
  return consignment.id;
}

/** A webhook receiver on this machine, subscribed to status changes; notes when each for `consignmentId` arrives. */
async function aWebhookReceiver({ api, token }: BenchContext, consignmentId: string, received: number[]) {
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const event = JSON.parse(body) as { data: { consignmentId: string } };
      if (event.data.consignmentId === consignmentId) received.push(performance.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const { port } = receiver.address() as AddressInfo;
  await api('/api/v1/webhooks', {
    method: 'POST',
    token,
    body: { url: `http://127.0.0.1:${port}/hooks`, events: ['consignment.status_changed'] },
  });
  return { close: () => receiver.close() };
}

/** A client of the event stream; notes when each event naming `consignmentId` arrives. */
async function anSseClient({ service, token }: BenchContext, consignmentId: string, received: number[]) {
  const stream = new AbortController();
  const response = await fetch(`${service.baseUrl}/api/v1/events/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: stream.signal,
  });
  const reading = (async () => {
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data && data.includes(consignmentId)) received.push(performance.now());
        }
      }
    } catch {
      // The abort in close() ends the read.
    }
  })();
  return {
    close: async () => {
      stream.abort();
      await reading;
    },
  };
}

async function run(context: BenchContext): Promise<Result> {
  const { api, token } = context;
  const consignmentId = await aConsignmentOnADepartedTrain(context);
  const sent: number[] = [];
  const viaStream: number[] = [];
  const viaWebhook: number[] = [];
  const receiver = await aWebhookReceiver(context, consignmentId, viaWebhook);
  const client = await anSseClient(context, consignmentId, viaStream);

  // Hold and clearance in turn at the origin, a minute apart and all before the departure: each one
  // flips the derived status (customs_hold, in_transit), so each yields exactly one status change.
  for (let i = 0; i < CHANGES; i++) {
    sent.push(performance.now());
    await api(`/api/v1/consignments/${consignmentId}/events`, {
      method: 'POST',
      token,
      body: {
        type: i % 2 === 0 ? 'CUSTOMS_HOLD' : 'CUSTOMS_CLEARED',
        stationCode: 'CNZGZ',
        occurredAt: new Date(DEPARTURE - (CHANGES - i) * 60_000).toISOString(),
      },
    });
  }
  const deadline = Date.now() + DELIVERY_DEADLINE_MS;
  while ((viaStream.length < CHANGES || viaWebhook.length < CHANGES) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
  }
  await client.close();
  receiver.close();

  // Deliveries arrive in order, so the i-th receipt belongs to the i-th POST.
  const report = (scenario: string, received: number[]): Row =>
    latencyRow(
      scenario,
      `${received.length}/${CHANGES} received`,
      received.map((at, i) => at - sent[i]!),
      { requests: CHANGES, errors: CHANGES - received.length },
    );
  return {
    rows: [
      report('status change → SSE client (POST to receipt)', viaStream),
      report('status change → webhook receiver (POST to receipt)', viaWebhook),
    ],
  };
}

export const statusUpdates: Scenario = { name: 'updates', run };
