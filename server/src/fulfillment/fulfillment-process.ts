import type { CommandContext } from '../commands/command-context';
import type { RecordedEvent } from '../eventstore/types';
import type { OrderEvent } from '../ordering/events';
import type { ProcessManager } from '../process/process-manager';
import type { ShipmentEvent } from './events';
import type { OrderCancellation } from './order-cancellation';
import type { ShipmentCapture } from './shipment-capture';

/**
 * The backstop for what a shipment or a cancellation must set off outside its own transaction:
 * the mutations do it inline, and this process does it again from the recorded event, so a
 * server that stopped in between still captures or releases — once, as both steps are keyed.
 */
export class FulfillmentProcess implements ProcessManager {
  readonly name = 'process:fulfillment';
  readonly eventTypes = ['ShipmentShipped', 'OrderCancelled'];

  constructor(
    private readonly capture: ShipmentCapture,
    private readonly cancellation: OrderCancellation,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const context: CommandContext = {
      tenantId: event.tenantId,
      metadata: { correlationId: event.metadata.correlationId, causationId: String(event.position), actor: 'fulfillment-process' },
    };
    const typed = event as unknown as ShipmentEvent | OrderEvent;
    if (typed.type === 'ShipmentShipped') await this.capture.capture(typed.data, context);
    if (typed.type === 'OrderCancelled') await this.cancellation.complete(typed.data.orderId, context);
  }
}
