/**
 * Open WebSocket connections, in total and per client address: each one holds subscriptions and
 * memory for as long as it stays open.
 */
export class ConnectionLimit {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerClient: number,
  ) {}

  /** Takes a slot for `client`, or answers why not (a WebSocket close reason, under 123 bytes). */
  acquire(client: string): string | undefined {
    const own = this.perClient.get(client) ?? 0;
    if (this.total >= this.maxTotal) return 'Too many connections to the server; try again later';
    if (own >= this.maxPerClient) return `Too many connections from this client (at most ${this.maxPerClient})`;
    this.total++;
    this.perClient.set(client, own + 1);
    return undefined;
  }

  release(client: string): void {
    const own = this.perClient.get(client) ?? 0;
    if (own <= 1) this.perClient.delete(client);
    else this.perClient.set(client, own - 1);
    this.total = Math.max(0, this.total - 1);
  }
}
