/**
 * Errors the domain raises on purpose. Each carries the stable GraphQL `extensions.code`
 * clients rely on; anything else reaching the API edge is masked as an internal error.
 */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'INVALID_STATE' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

export class NotFoundError extends DomainError {
  /**
   * `id` when the thrower knows it; a decider deciding on an empty stream does not (the stream is
   * its caller's), and its caller names it (see OrderingService).
   */
  constructor(
    readonly what: string,
    readonly id?: string,
  ) {
    super('NOT_FOUND', id === undefined ? `${what} was not found` : `${what} ${id} was not found`, id === undefined ? {} : { id });
  }
}

export class InvalidStateError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('INVALID_STATE', message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first: this needs a valid, unexpired token') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this') {
    super('FORBIDDEN', message);
  }
}
