import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { accountsProjections } from '../accounts/module';
import { commandContext, type RequestContext } from '../graphql/context';
import { awaitRecorded } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import type { ErasureService } from './erasure-service';
import type { ExportService } from './export-service';
import { CustomerErasureType } from './graphql-types';

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly erasure: ErasureService,
    private readonly exports: ExportService,
    private readonly projector: Projector,
  ) {}

  @Authorized()
  @Mutation(() => CustomerErasureType, {
    description:
      "Erases a customer's personal data (crypto-shredding): their data key is deleted, so their name and email read [erased] in history, time travel and rebuilt read models; their email may sign up again; orders, money and stock stay. ADMIN, or the customer for themselves.",
  })
  async eraseCustomer(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RequestContext): Promise<CustomerErasureType> {
    const { append } = await this.erasure.eraseCustomer(customerId, ctx.principal!, commandContext(ctx));
    // Answered once the account's read model no longer shows the data.
    await awaitRecorded(this.projector, accountsProjections.map((projection) => projection.name), append?.checkpoint);
    return { customerId, erasedAt: new Date() };
  }

  @Authorized()
  @Query(() => GraphQLJSON, { description: 'Everything the shop holds about the calling account, as JSON: the account, its orders with items and totals, payment statuses, shipments and notifications.' })
  async exportMyData(@Ctx() ctx: RequestContext): Promise<unknown> {
    return this.exports.exportCustomer(ctx.tenantId, ctx.principal!.userId);
  }
}
