/**
 * The one story the OpenAPI examples tell, shared by every context's DTOs so that ids, numbers and times
 * agree from one operation to the next: BYD's consignment SMGS24030001 of Song PLUS cars, booked from
 * Zhengzhou (CNZGZ) to Moscow Bely Rast (RUMOW), loaded in container CSQU3054383 on train X8202 via
 * Erenhot, which departed on 20 March 2024 and reached Zamyn-Uud, the gauge change, two days later.
 * Identifiers carry valid check digits (api-examples.spec.ts checks them), so an example sent as it is
 * passes validation.
 */
export const EXAMPLE = {
  /** Organizations and people. */
  exporterId: 'c2a7e3d1-5b6f-4c8e-a9d0-1f2e3b4c5d6e',
  exporterName: 'BYD Auto Industry Co., Ltd.',
  userId: '5e8a1c2b-7d3f-4e6a-8b9c-0d1e2f3a4b5c',
  userEmail: 'logistics@byd.example',
  apiKeyId: '9a7b3c5d-1e2f-4a6b-8c0d-2e4f6a8b0c1d',
  apiKeyPrefix: 'lb_3f9a0c1d2e4b5a69',

  /** The train and its journey. */
  trainId: '3b9d6f0e-2c4a-4e8b-9f1d-7a5c2e8b4d61',
  trainNumber: 'X8202',
  routeCode: 'ZGZ-MOW-ERC',
  routeName: 'Zhengzhou – Moscow via Erenhot',
  plannedDepartureAt: '2024-03-20T01:30:00.000Z',
  departedAt: '2024-03-20T01:42:00.000Z',
  /** Arrival at Zamyn-Uud (MNZUU), the gauge-change stop, 52 planned hours out. */
  arrivedAtBorderAt: '2024-03-22T06:05:00.000Z',
  recordedAt: '2024-03-22T06:07:12.418Z',
  /** 300 planned hours after the departure, at Moscow Bely Rast. */
  eta: '2024-04-01T13:42:00.000Z',

  /** The consignment and what it carries. */
  consignmentId: '8f14e45f-ceea-4a67-9a4b-2c1d3e5f7a90',
  waybillNumber: 'SMGS24030001',
  vin: 'LGXCH4CD3S2107503',
  containerNumber: 'CSQU3054383',
  /** A China Railway flat wagon (12-digit UIC number, country code 33). */
  wagonNumber: '313353910026',

  /** What the status updates carry. */
  trackingEventId: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
  statusEventId: '6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
  webhookId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  deliveryId: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8',
} as const;
