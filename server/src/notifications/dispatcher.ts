import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { NotificationKind } from './kinds';
import type { AddressedMessage, OutboxMessage } from './outbox';
import { recipientsOf, type RecipientNotFoundError } from './recipients';
import type { NotificationSender } from './sender';
import { PREPARED } from '../db/prepared-statements';
import { withPinnedConnection, type PinnedSql } from '../db/pinned-connection';
import { literal } from '../db/sql-literal';

export interface DispatcherOptions {
  db: Knex;
  sender: NotificationSender;
  logger: Logger;
  /** How often to look for due notifications besides `wake()`; 0 leaves it to explicit calls. */
  intervalMs?: number;
  batchSize?: number;
  /** How long a claim keeps other dispatchers off a message (covers a dispatcher that died mid-batch). */
  leaseMs?: number;
  /** A send that takes longer counts as failed, so a hanging sender cannot hold its row forever. */
  sendTimeoutMs?: number;
  /** After this many failed attempts a message is set aside (failed_at) instead of retried. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /**
   * How long a `wake()` waits before looking, so that the messages queued meanwhile go in one batch
   * (DEFAULT_GATHER_MS; 0: at once). Each batch costs its claim, its recipients' read and its
   * delivery, whatever it holds: woken by every order placed, batches held one or two messages.
   */
  gatherMs?: number;
}

/** A notification waits this much longer at most; under load, a batch takes what 100 ms brought. */
export const DEFAULT_GATHER_MS = 100;

interface OutboxRow {
  id: string;
  tenant_id: string;
  order_id: string | null;
  kind: NotificationKind;
  event_position: string | number;
  data: OutboxMessage['data'];
  created_at: Date;
  attempts: number;
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  id: row.id,
  tenantId: row.tenant_id,
  orderId: row.order_id,
  kind: row.kind,
  eventPosition: Number(row.event_position),
  data: row.data,
  createdAt: new Date(row.created_at),
  attempts: row.attempts,
});

type Outcome = 'sent' | 'skipped' | 'failed';

/**
 * Delivers the outbox. Claiming takes due rows with FOR UPDATE SKIP LOCKED and leases them, so
 * concurrent dispatchers (other processes) share the work without waiting on each other. The
 * batch's recipients are then read together (one statement). A database sender delivers
 * in a short transaction that marks the rows dispatched if they are still undelivered (which locks
 * them), and writes: a delivery that does not commit leaves its messages due again, and one that
 * commits is never repeated. A sender that can write a batch at once (`sendAll`) gets the whole
 * batch in one such transaction, three round trips (BEGIN with the marks, the write, COMMIT); if
 * that fails, or the sender cannot, each message goes in a transaction of its own, so a failing
 * message is retried on its own. An external sender sends outside any transaction, under the
 * lease, and the mark follows (at least once).
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private gathering: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  /** Set by stop(): the batch under way hands back what it has not sent yet. */
  private stopping = false;

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.started = true;
    this.stopping = false;
    const intervalMs = this.options.intervalMs ?? 1000;
    if (intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => this.wake(), intervalMs);
      this.timer.unref();
    }
    this.wake();
  }

  /** Finishes the message being sent, hands back the rest of the batch, and stops. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.gathering);
    this.gathering = undefined;
    await this.running;
  }

  /**
   * Looks for due messages once the gathering time has passed (e.g. after events were appended); a
   * wake-up meanwhile joins it, and one during a run makes it go round again.
   */
  wake(): void {
    if (!this.started || this.gathering) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const gatherMs = this.options.gatherMs ?? DEFAULT_GATHER_MS;
    if (gatherMs <= 0) return this.run();
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.run();
    }, gatherMs);
    this.gathering.unref();
  }

  private run(): void {
    if (!this.started || this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && this.started) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      const batchSize = this.options.batchSize ?? 20;
      while (this.started) {
        const claimed = await this.dispatchBatch();
        if (claimed < batchSize) return;
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'notification dispatch failed');
    }
  }

  /** Claims one batch of due messages and delivers them; returns how many were claimed. */
  async dispatchBatch(): Promise<number> {
    const batch = await this.claim();
    let next = 0;
    try {
      const recipients = batch.length === 0 ? new Map() : await recipientsOf(this.options.db, batch);
      if (await this.deliverTogether(batch, recipients)) next = batch.length;
      for (; next < batch.length && !this.stopping; next++) await this.deliver(batch[next]!, recipients.get(batch[next]!.id)!);
    } finally {
      // What this dispatcher will not send now is due again at once, not when the lease runs out.
      await this.release(batch.slice(next).map((m) => m.id));
    }
    return batch.length;
  }

  /** Leases up to one batch of due, unclaimed messages; rows another dispatcher is claiming are skipped. */
  async claim(): Promise<OutboxMessage[]> {
    const { rows } = await this.options.db.raw<{ rows: OutboxRow[] }>(
      `UPDATE notification_outbox SET claimed_until = now() + (? * interval '1 millisecond')
        WHERE id IN (
          SELECT id FROM notification_outbox
           WHERE dispatched_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
             AND (claimed_until IS NULL OR claimed_until <= now())
           ORDER BY next_attempt_at, event_position
           LIMIT ?
           FOR UPDATE SKIP LOCKED)
        RETURNING id, tenant_id, order_id, kind, event_position, data, created_at, attempts`,
      [this.options.leaseMs ?? 30_000, this.options.batchSize ?? 20],
    );
    return rows.map(toMessage).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.eventPosition - b.eventPosition);
  }

  private async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.options.db('notification_outbox').whereIn('id', ids).whereNull('dispatched_at').update({ claimed_until: null });
  }

  /**
   * Delivers a batch in one transaction through the sender's `sendAll`: the marks in BEGIN's
   * message, one write, COMMIT; three round trips for the batch instead of three a message. Only
   * when every message has its recipient; false when the batch is left to the message-by-message
   * path, as it is when the batch fails (rolled back whole, so nothing of it counts as an attempt).
   */
  private async deliverTogether(batch: readonly OutboxMessage[], recipients: Map<string, string | RecipientNotFoundError>): Promise<boolean> {
    const { sender } = this.options;
    if (sender.external || !sender.sendAll || batch.length < 2 || this.stopping) return false;
    const addressed = batch.map((message) => ({ message, recipient: recipients.get(message.id) }));
    if (!addressed.every((a): a is { message: OutboxMessage; recipient: string } => typeof a.recipient === 'string')) return false;
    const sendAll = sender.sendAll.bind(sender);
    try {
      await withPinnedConnection(this.options.db, async (trx, sql) => {
        const attempts = await beginAndMark(sql, batch);
        const due = addressed.filter(({ message }) => attempts.has(message.id)).map(({ message, recipient }) => ({ ...message, attempts: attempts.get(message.id)!, recipient }));
        if (due.length > 0) await this.withTimeout(sendAll(due, trx));
        await sql.query('COMMIT');
      });
      return true;
    } catch (error) {
      this.options.logger.debug({ err: error, notifications: batch.length }, 'batch delivery failed; delivering its notifications one by one');
      return false;
    }
  }

  /** Delivers one claimed message to `recipient` (read for its batch), or records why it could not be. */
  async deliver(message: OutboxMessage, recipient: string | RecipientNotFoundError): Promise<Outcome> {
    try {
      if (typeof recipient !== 'string') throw recipient;
      const { sender } = this.options;
      if (sender.external) return await this.deliverOutside(message, recipient, sender.send.bind(sender));
      return await withPinnedConnection(this.options.db, async (trx, sql): Promise<Outcome> => {
        const attemptsBefore = (await beginAndMark(sql, [message])).get(message.id);
        if (attemptsBefore === undefined) {
          await sql.query('COMMIT');
          return 'skipped';
        }
        await this.withTimeout(sender.send({ ...message, attempts: attemptsBefore, recipient }, trx));
        await sql.query('COMMIT');
        return 'sent';
      });
    } catch (error) {
      await this.recordFailure(message, error as Error);
      return 'failed';
    }
  }

  /** An external send holds no transaction: the claim's lease (longer than the send timeout) keeps others off the row. */
  private async deliverOutside(message: OutboxMessage, recipient: string, send: (message: AddressedMessage) => Promise<void>): Promise<Outcome> {
    const row = await this.options.db('notification_outbox').where({ id: message.id }).first('dispatched_at', 'failed_at', 'attempts');
    if (!row || row.dispatched_at || row.failed_at) return 'skipped';
    await this.withTimeout(send({ ...message, attempts: row.attempts, recipient }));
    await this.markDispatched(this.options.db, message.id, row.attempts);
    return 'sent';
  }

  private async markDispatched(db: Knex, id: string, attemptsBefore: number): Promise<void> {
    await db('notification_outbox')
      .where({ id })
      .whereNull('dispatched_at')
      .options(PREPARED)
      .update({ dispatched_at: db.fn.now(), attempts: attemptsBefore + 1, claimed_until: null, last_error: null });
  }

  private async withTimeout(sending: Promise<void>): Promise<void> {
    const timeoutMs = this.options.sendTimeoutMs ?? 10_000;
    // A send given up on may still settle later; its outcome no longer matters.
    sending.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`sender did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([sending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async recordFailure(message: OutboxMessage, error: Error): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 10;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    // Doubling from baseMs with every failure before this one (backoffDelay), capped at maxMs.
    const { rows } = await this.options.db.raw<{ rows: { attempts: number }[] }>(
      `UPDATE notification_outbox
          SET attempts = attempts + 1,
              last_error = ?,
              claimed_until = NULL,
              next_attempt_at = now() + LEAST(?, ? * power(2, LEAST(attempts, 30))) * interval '1 millisecond',
              failed_at = CASE WHEN attempts + 1 >= ? THEN now() END
        WHERE id = ? AND dispatched_at IS NULL
        RETURNING attempts`,
      [String(error.message ?? error).slice(0, 1000), backoff.maxMs, backoff.baseMs, maxAttempts, message.id],
    );
    const attempts = rows[0]?.attempts;
    const level = attempts !== undefined && attempts >= maxAttempts ? 'error' : 'warn';
    this.options.logger[level](
      { err: error.message, notificationId: message.id, kind: message.kind, attempts, retryInMs: backoffDelay(attempts ?? 1, backoff) },
      level === 'error' ? 'notification set aside after too many failed attempts' : 'notification delivery failed; will retry',
    );
  }
}

/**
 * Opens the delivery's transaction and marks the messages dispatched, in one message: the mark
 * locks each row, and finds it still undelivered or not. Answers the attempts made before, by id,
 * of those it marked; one another dispatcher delivered meanwhile is left out, and not sent again.
 */
async function beginAndMark(sql: PinnedSql, messages: readonly OutboxMessage[]): Promise<Map<string, number>> {
  const results = (await sql.query(
    `BEGIN; UPDATE notification_outbox SET dispatched_at = now(), attempts = attempts + 1, claimed_until = NULL, last_error = NULL
       WHERE id IN (${messages.map((m) => literal(m.id)).join(', ')}) AND dispatched_at IS NULL AND failed_at IS NULL
       RETURNING id, attempts - 1 AS attempts`,
  )) as { rows: { id: string; attempts: number }[] }[];
  return new Map(results[1]!.rows.map((row) => [row.id, row.attempts]));
}
