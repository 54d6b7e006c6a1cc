import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { GraphQLDateTime } from 'graphql-scalars';
import { commandContext, type RequestContext } from '../graphql/context';
import { decodeCursor, pageSize, toPage } from '../graphql/pagination';
import { readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { BadUserInputError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import { MoneyInput } from '../shared/money-types';
import type { DeclineGroupView, DeclineReportQueries } from './decline-report-queries';
import { PaymentConnection, PaymentDeclineGroupType, PaymentStatusEnum, PaymentType } from './graphql-types';
import { paymentProjection } from './payment-projection';
import type { PaymentQueries, PaymentView } from './payment-queries';
import type { PaymentCommandResult, PaymentsService } from './payments-service';

@Resolver(() => PaymentType)
export class PaymentResolver {
  constructor(
    private readonly service: PaymentsService,
    private readonly queries: PaymentQueries,
    private readonly declines: DeclineReportQueries,
    private readonly projector: Projector,
  ) {}

  @Authorized(Role.STAFF)
  @Query(() => PaymentType, { nullable: true })
  async payment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<PaymentView | null> {
    return (await this.queries.byId(ctx.tenantId, requireUuid('Payment', id))) ?? null;
  }

  @Authorized(Role.STAFF)
  @Query(() => PaymentConnection, { description: 'Payments, newest first; `from` (inclusive) and `to` (exclusive) bound when they were created.' })
  async payments(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => PaymentStatusEnum, { nullable: true }) status?: PaymentStatusEnum | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('from', () => GraphQLDateTime, { nullable: true }) from?: Date | null,
    @Arg('to', () => GraphQLDateTime, { nullable: true }) to?: Date | null,
  ): Promise<PaymentConnection> {
    const size = pageSize(first);
    if (from && to && from >= to) throw new BadUserInputError('from must be before to');
    const rows = await this.queries.list(ctx.tenantId, { limit: size + 1, beforeSeq: decodeCursor(after), status: status ?? undefined, from: from ?? undefined, to: to ?? undefined });
    return toPage(rows, size, (row) => row as PaymentType);
  }

  @Authorized(Role.STAFF)
  @Query(() => [PaymentDeclineGroupType], {
    description: 'Declines grouped by UTC day, decline code and bank (and currency), for the days from `from` to `to`, both included.',
  })
  async paymentDeclines(
    @Arg('from', () => GraphQLDateTime) from: Date,
    @Arg('to', () => GraphQLDateTime) to: Date,
    @Ctx() ctx: RequestContext,
    @Arg('code', () => String, { nullable: true }) code?: string | null,
    @Arg('bank', () => String, { nullable: true }) bank?: string | null,
  ): Promise<DeclineGroupView[]> {
    return this.declines.groups(ctx.tenantId, { from, to, code: code ?? undefined, bank: bank ?? undefined });
  }

  @Authorized(Role.STAFF)
  @Mutation(() => PaymentType, { description: 'Staff: captures all or part of what is authorized and not yet captured.' })
  async capturePayment(@Arg('paymentId', () => ID) paymentId: string, @Arg('amount', () => MoneyInput) amount: MoneyInput, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.capture(requireUuid('Payment', paymentId), amount, commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Mutation(() => PaymentType, { description: 'Staff: refunds all or part of what is captured and not yet refunded.' })
  async refundPayment(
    @Arg('paymentId', () => ID) paymentId: string,
    @Arg('amount', () => MoneyInput) amount: MoneyInput,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.answer(ctx, await this.service.refund(requireUuid('Payment', paymentId), amount, reason, commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Mutation(() => PaymentType, { description: 'Staff: releases an authorization of which nothing was captured.' })
  async voidPayment(@Arg('paymentId', () => ID) paymentId: string, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.void(requireUuid('Payment', paymentId), commandContext(ctx)));
  }

  private answer(ctx: RequestContext, result: PaymentCommandResult): Promise<PaymentView> {
    return readAfterWrite(this.projector, paymentProjection.name, result.append, () => this.queries.byId(ctx.tenantId, result.paymentId), {
      what: 'Payment',
      id: result.paymentId,
    });
  }
}
