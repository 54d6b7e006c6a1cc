import type { Knex } from 'knex';
import type { Projector } from '../projector/projector';
import { followerLag, type FollowerLag } from './follower-status';

/** Where the log's followers stand, for the projections query, /metrics and /ready. */
export class OperationsStatus {
  constructor(
    private readonly db: Knex,
    private readonly projector: Projector,
  ) {}

  lag(): Promise<FollowerLag[]> {
    return followerLag(this.db, this.projector.followerNames);
  }
}
