/** A stored response sent again for a repeated Idempotency-Key (the problem-details filter sends it). */
export class ReplayedResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: string,
  ) {}
}
