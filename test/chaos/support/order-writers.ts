import type { Knex } from 'knex';
import type { Client } from 'graphql-ws';

/**
 * Writers that change the quantity of an order's line, each request to a quantity no other request
 * of that order sets, so that whether it was recorded can be read from the events afterwards.
 */
export const CHANGE_QUANTITY = 'mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { version } }';

export interface Answer {
  orderId: string;
  quantity: number;
  /** 'ok', or the error's code ('NONE' when an error came without one, 'NO_ANSWER' when the connection failed). */
  outcome: string;
  /** HTTP only. */
  status?: number;
  retryAfter?: string | null;
}

export async function changeOverHttp(baseUrl: string, authorization: string, orderId: string, variantId: string, quantity: number): Promise<Answer> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: CHANGE_QUANTITY, variables: { o: orderId, v: variantId, q: quantity } }),
  }).catch(() => undefined);
  if (!response) return { orderId, quantity, outcome: 'NO_ANSWER' };
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { orderId, quantity, outcome: body.errors ? (body.errors[0]!.extensions?.code ?? 'NONE') : 'ok', status: response.status, retryAfter: response.headers.get('retry-after') };
}

export function changeOverWebSocket(socket: Client, orderId: string, variantId: string, quantity: number): Promise<Answer> {
  return new Promise<Answer>((resolve) => {
    let outcome = 'NONE';
    socket.subscribe(
      { query: CHANGE_QUANTITY, variables: { o: orderId, v: variantId, q: quantity } },
      {
        next: (result) => (outcome = result.errors ? String(result.errors[0]!.extensions?.code ?? 'NONE') : 'ok'),
        error: (error) => resolve({ orderId, quantity, outcome: Array.isArray(error) ? String(error[0]?.extensions?.code ?? 'NONE') : 'NO_ANSWER' }),
        complete: () => resolve({ orderId, quantity, outcome }),
      },
    );
  });
}

/**
 * The answers that do not match the events: a success or ACCEPTED whose change is not recorded,
 * a SERVICE_UNAVAILABLE whose change is (or that came over HTTP without 503 and Retry-After), and
 * any other answer at all. A request that got no answer may or may not have been recorded.
 */
export async function mismatchedAnswers(db: Knex, answers: Answer[]): Promise<Answer[]> {
  const orderIds = [...new Set(answers.map((a) => a.orderId))];
  const rows = await db('events')
    .where({ event_type: 'OrderItemQuantityChanged' })
    .whereRaw("data->>'orderId' = ANY(?)", [orderIds])
    .select(db.raw("data->>'orderId' AS order_id, (data->>'quantity')::int AS quantity"));
  const recorded = new Set(rows.map((r: { order_id: string; quantity: number }) => `${r.order_id}:${r.quantity}`));
  return answers.filter((a) => {
    const has = recorded.has(`${a.orderId}:${a.quantity}`);
    if (a.outcome === 'ok' || a.outcome === 'ACCEPTED') return !has;
    if (a.outcome === 'SERVICE_UNAVAILABLE') return has || (a.status !== undefined && (a.status !== 503 || a.retryAfter === null));
    return a.outcome !== 'NO_ANSWER';
  });
}

/** How many answers had each outcome. */
export function outcomes(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.outcome] = (counts[a.outcome] ?? 0) + 1;
  return counts;
}
