import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError, Kind, print, type DocumentNode, type FragmentDefinitionNode, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../config/logger';
import { ConcurrencyError } from '../eventstore/types';
import { BadUserInputError, ConflictError, type DomainError } from '../shared/errors';
import type { TransportContext } from './transport-context';
import type { IdempotencyScope, IdempotencyStore, StoredAnswer } from './idempotency-store';

/** The HTTP header a client sends its key in; over graphql-ws, `extensions.idempotencyKey`. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on an answer that is a stored one, sent again. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

const KEY_FORMAT = /^[\x21-\x7E]{1,255}$/;

/**
 * Answers that say the mutation did not happen and a retry may go through: the key is given back
 * instead of keeping them. Every other answer, success or refusal, is the answer for good.
 */
const RETRYABLE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

export interface IdempotencyOptions {
  store: IdempotencyStore;
  logger: Logger;
  /** Mutations a key does not apply to (their answers must not be stored, e.g. because they carry a token). */
  exemptMutations?: readonly string[];
  /** How long a second attempt waits for the first, still running, before it answers CONFLICT (default 5 s). */
  waitForRunningMs?: number;
  pollMs?: number;
}

export interface KeyedRequest {
  /** The key as the client sent it (not yet checked). */
  key: unknown;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | null | undefined;
  context: TransportContext;
}

/** What to do with a request. A refusal is thrown, as a DomainError. */
export type Start =
  /** No key, a query, or only exempt fields: run as usual. */
  | { kind: 'unkeyed' }
  | { kind: 'run'; attempt: Attempt }
  | { kind: 'answered'; answer: StoredAnswer };

/** The attempt holding a key: it ends by keeping its answer or giving the key back. */
export interface Attempt {
  /** `body.errors` are the formatted errors that went out; `rawErrors` the errors as raised. */
  finish(httpStatus: number, body: { errors?: readonly GraphQLFormattedError[] }, rawErrors: readonly unknown[]): Promise<void>;
  release(): Promise<void>;
}

/**
 * Safe retries for every mutation: the first answer to a (shop, caller, key) is kept, and the same
 * request with the same key gets that answer again without running anything; another request
 * under that key is refused. Generic: it knows operations, not the mutations in them.
 */
export class Idempotency {
  private readonly exempt: ReadonlySet<string>;
  private readonly waitForRunningMs: number;
  private readonly pollMs: number;
  private nextPruneAt = 0;

  constructor(private readonly options: IdempotencyOptions) {
    this.exempt = new Set(options.exemptMutations ?? []);
    this.waitForRunningMs = options.waitForRunningMs ?? 5_000;
    this.pollMs = options.pollMs ?? 50;
  }

  async start(request: KeyedRequest): Promise<Start> {
    if (request.key === undefined || request.key === null || request.operation.operation !== 'mutation') return { kind: 'unkeyed' };
    const fields = rootFields(request.document, request.operation.selectionSet).filter((name) => name !== '__typename');
    const exempt = fields.filter((name) => this.exempt.has(name));
    if (exempt.length === fields.length) return { kind: 'unkeyed' };
    if (exempt.length) throw new BadUserInputError(`An idempotency key cannot cover ${exempt.join(', ')}: send it in an operation of its own`, { exempt });
    if (typeof request.key !== 'string' || !KEY_FORMAT.test(request.key)) throw new BadUserInputError('An idempotency key is 1 to 255 visible ASCII characters', { at: 'idempotencyKey' });

    await this.pruneNowAndThen();
    const scope: IdempotencyScope = { tenantId: request.context.tenantId, caller: callerOf(request.context), key: request.key };
    const hash = requestHash(request);
    const deadline = Date.now() + this.waitForRunningMs;
    let waiting = false;
    for (;;) {
      const claimed = await this.options.store.claim(scope, hash);
      if (claimed?.kind === 'claimed') return { kind: 'run', attempt: this.attempt(scope, claimed.claim) };
      if (claimed?.kind === 'answered') return { kind: 'answered', answer: claimed.answer };
      if (claimed?.kind === 'other-request') throw new ConflictError('This idempotency key was used for a different request', { reason: 'KEY_REUSED' });
      if (claimed?.kind === 'in-progress') {
        if (Date.now() >= deadline) throw new ConflictError('A request with this idempotency key is still in progress; retry later', { reason: 'IN_PROGRESS' });
        if (!waiting) this.options.logger.debug({ shop: scope.tenantId, caller: scope.caller, key: scope.key }, 'idempotency key held by a running attempt: waiting for its answer');
        waiting = true;
        await sleep(this.pollMs);
      }
    }
  }

  private attempt(scope: IdempotencyScope, claim: string): Attempt {
    const { store, logger } = this.options;
    return {
      finish: async (httpStatus, body, rawErrors) => {
        const retryable =
          (body.errors ?? []).some((e) => RETRYABLE_CODES.has(String(e.extensions?.code))) ||
          // A command that kept conflicting appended nothing: "please retry" must be able to succeed.
          rawErrors.some((e) => unwrapResolverError(e) instanceof ConcurrencyError);
        try {
          if (retryable) await store.release(scope, claim);
          else await store.complete(scope, claim, { httpStatus, body });
        } catch (error) {
          // The mutation's answer goes out all the same; its key stays in progress until it counts as abandoned.
          logger.warn({ err: error, shop: scope.tenantId, caller: scope.caller }, 'could not record the answer of an idempotency key');
        }
      },
      release: () => store.release(scope, claim),
    };
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() < this.nextPruneAt) return;
    this.nextPruneAt = Date.now() + 60_000;
    await this.options.store.prune();
  }
}

/** A refusal of `start`, as a GraphQL error the error policy shows with its code. */
export function refusalError(error: DomainError, httpStatus: number): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: httpStatus } } });
}

function callerOf(context: TransportContext): string {
  return context.principal ? `user:${context.principal.userId}` : `address:${context.remoteAddress}`;
}

/** The same request: the same operation text (as graphql prints it: spacing and comments aside), operation name and variables. */
function requestHash(request: KeyedRequest): string {
  const canonical = JSON.stringify([print(request.document), request.operationName ?? null, sortedKeys(request.variables ?? {})]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

function rootFields(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const names: string[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  visit(selectionSet, new Set());
  return names;
}
