import { DomainError } from '../shared/errors';

/**
 * A reservation did not fit. Lists every short SKU of the request, not just the first, so a
 * checkout can tell the customer everything to fix at once.
 */
export class InsufficientStockError extends DomainError {
  constructor(readonly skus: string[]) {
    super('INVALID_STATE', `Not enough stock for ${skus.join(', ')}`, { skus });
  }
}
