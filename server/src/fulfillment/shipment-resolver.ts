import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { decodeCursor, pageSize, toPage } from '../graphql/pagination';
import type { EventStore } from '../eventstore/event-store';
import type { ReadModelChange } from '../projector/projection';
import type { Projector } from '../projector/projector';
import { paymentStreamId } from '../payments/events';
import { NotFoundError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import { orderChanges } from '../ordering/order-subscriptions';
import { AFTER_DESCRIPTION, readForPush } from '../graphql/resumable';
import { SHIPMENT_UPDATED } from './events';
import type { FulfillmentService, ShipmentCommandResult } from './fulfillment-service';
import { ShipmentConnection, ShipmentLineInput, ShipmentStatusEnum, ShipmentType } from './graphql-types';
import type { ShipmentCapture } from './shipment-capture';
import type { ShipmentQueries, ShipmentView } from './shipment-queries';
import { headOf } from '../commands/streams';
import { waitForProjections } from './wait-for-projections';

@Resolver(() => ShipmentType)
export class ShipmentResolver {
  constructor(
    private readonly service: FulfillmentService,
    private readonly capture: ShipmentCapture,
    private readonly queries: ShipmentQueries,
    private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  private readonly shipmentById = new ScopedLoader((tenantId, ids: readonly string[]) => this.queries.byIds(tenantId, ids));

  @Authorized(Role.STAFF)
  @Query(() => ShipmentType, { nullable: true })
  async shipment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ShipmentView | null> {
    return (await this.queries.byId(ctx.tenantId, requireUuid('Shipment', id))) ?? null;
  }

  @Authorized(Role.STAFF)
  @Query(() => ShipmentConnection, { description: 'Shipments, newest first.' })
  async shipments(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => ShipmentStatusEnum, { nullable: true }) status?: ShipmentStatusEnum | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ShipmentConnection> {
    const size = pageSize(first);
    const rows = await this.queries.list(ctx.tenantId, { limit: size + 1, beforeSeq: decodeCursor(after), status: status ?? undefined });
    return toPage(rows, size, (row) => row as ShipmentType);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => ShipmentType, {
    description: 'Staff: a PENDING shipment of some or all of what a PLACED or PARTIALLY_SHIPPED order has not shipped yet (pending shipments count).',
  })
  async createShipment(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('lines', () => [ShipmentLineInput]) lines: ShipmentLineInput[],
    @Arg('carrier', () => String) carrier: string,
    @Ctx() ctx: RequestContext,
  ) {
    const input = lines.map((l) => ({ variantId: requireUuid('Variant', l.variantId), quantity: l.quantity }));
    return this.answer(ctx, await this.service.createShipment(requireUuid('Order', orderId), input, carrier, commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Mutation(() => ShipmentType, {
    description: "Staff: ships a PENDING shipment: its units leave the stock, and the payment captures what they are worth (the last shipment captures the rest).",
  })
  async shipShipment(@Arg('shipmentId', () => ID) shipmentId: string, @Arg('trackingNumber', () => String) trackingNumber: string, @Ctx() ctx: RequestContext) {
    const command = commandContext(ctx);
    const result = await this.service.shipShipment(requireUuid('Shipment', shipmentId), trackingNumber, command);
    const shipped = await this.capture.captureShippedIn(result.append, command);
    const payment = shipped && (await headOf(this.store, paymentStreamId(shipped.paymentId), ctx.tenantId));
    return this.answer(ctx, result, [payment]);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => ShipmentType, { description: 'Staff: a SHIPPED shipment arrived. The order is DELIVERED once everything is shipped and delivered.' })
  async deliverShipment(@Arg('shipmentId', () => ID) shipmentId: string, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.deliverShipment(requireUuid('Shipment', shipmentId), commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Mutation(() => ShipmentType, { description: 'Staff: cancels a shipment that is still PENDING; its units can go in another shipment.' })
  async cancelShipment(
    @Arg('shipmentId', () => ID) shipmentId: string,
    @Ctx() ctx: RequestContext,
    @Arg('reason', () => String, { nullable: true, defaultValue: 'CANCELLED_BY_STAFF' }) reason?: string,
  ) {
    return this.answer(ctx, await this.service.cancelShipment(requireUuid('Shipment', shipmentId), reason ?? 'CANCELLED_BY_STAFF', commandContext(ctx)));
  }

  @Authorized()
  @Subscription(() => ShipmentType, {
    description:
      "Pushes each shipment of the order when it changes (created, shipped, delivered, cancelled), after the change is projected, with its `position`. A customer may follow only their own orders (others' are NOT_FOUND). " +
      'With `after`, each shipment that changed since comes first as it is now.',
    // Every push reads its shipment whole: a catch-up needs the latest change of each.
    subscribe: orderChanges([SHIPMENT_UPDATED], { kind: 'latestBy', field: 'shipmentId' }),
  })
  async shipmentUpdated(
    @Root() change: ReadModelChange,
    @Arg('orderId', () => ID) _orderId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('after', () => Int, { nullable: true, description: AFTER_DESCRIPTION }) _after?: number | null,
  ): Promise<ShipmentView & { position: number | null }> {
    const shipmentId = (change.data as { shipmentId: string }).shipmentId;
    // One read for every subscriber to this change.
    const shipment = await readForPush(() => this.shipmentById.load(shipmentId, ctx, info));
    if (!shipment) throw new NotFoundError('Shipment', shipmentId);
    return { ...shipment, position: change.revision ?? null };
  }

  private async answer(ctx: RequestContext, result: ShipmentCommandResult, more: Parameters<typeof waitForProjections>[1] = []): Promise<ShipmentView> {
    await waitForProjections(this.projector, [result.append?.checkpoint, ...more]);
    const view = await this.queries.byId(ctx.tenantId, result.shipmentId);
    if (!view) throw new NotFoundError('Shipment', result.shipmentId);
    return view;
  }
}
