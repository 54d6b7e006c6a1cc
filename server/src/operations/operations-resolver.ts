import { SafeIntResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { BadUserInputError } from '../shared/errors';
import { FollowerKind, FollowerStatus, ParkedEventType, ProjectionStatusType } from './graphql-types';
import type { OperationsStatus } from './operations-status';
import type { ParkedEvents, ParkedEventView } from './parked-events';

const toParkedType = (view: ParkedEventView): ParkedEventType => ({
  projection: view.follower,
  position: view.position,
  type: view.eventType,
  streamId: view.streamId,
  error: view.error,
  attempts: view.attempts,
  parkedAt: view.parkedAt,
});

function requirePosition(position: number): number {
  if (!Number.isSafeInteger(position) || position < 1) throw new BadUserInputError('position must be a positive integer', { position });
  return position;
}

@Resolver()
export class OperationsResolver {
  constructor(
    private readonly status: OperationsStatus,
    private readonly parked: ParkedEvents,
  ) {}

  @Authorized(Role.STAFF)
  @Query(() => [ProjectionStatusType], { description: 'Every projection and process manager: position, lag, and the events it parked (of your shop). STAFF and ADMIN.' })
  async projections(@Ctx() ctx: RequestContext): Promise<ProjectionStatusType[]> {
    const [lags, parked] = await Promise.all([this.status.lag(), this.parked.open(ctx.tenantId)]);
    return lags.map((lag) => {
      const own = parked.filter((p) => p.follower === lag.name).map(toParkedType);
      return {
        name: lag.name,
        kind: lag.kind === 'projection' ? FollowerKind.PROJECTION : FollowerKind.PROCESS,
        position: lag.position,
        lag: lag.lagEvents,
        lagSeconds: lag.lagSeconds,
        status: own.length > 0 ? FollowerStatus.HAS_PARKED : lag.lagEvents > 0 ? FollowerStatus.CATCHING_UP : FollowerStatus.CURRENT,
        parked: own,
      };
    });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ParkedEventType, {
    description: 'Applies a parked event now (after a fix), exactly once, and records the decision as an event. INVALID_STATE when it still fails (it stays parked); NOT_FOUND when no such open parked event of your shop exists. ADMIN.',
  })
  async retryParkedEvent(
    @Arg('projection', () => String) projection: string,
    @Arg('position', () => SafeIntResolver) position: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ParkedEventType> {
    return toParkedType(await this.parked.retry(projection, requirePosition(position), commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ParkedEventType, { description: 'Leaves a parked event unapplied for good, and records the decision as an event. ADMIN.' })
  async skipParkedEvent(
    @Arg('projection', () => String) projection: string,
    @Arg('position', () => SafeIntResolver) position: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ParkedEventType> {
    return toParkedType(await this.parked.skip(projection, requirePosition(position), commandContext(ctx)));
  }
}
