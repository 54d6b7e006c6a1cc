import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { httpClient, subscribe, wsClient } from '../support/graphql-client';

const root = path.resolve(__dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-main-'));
fs.chmodSync(dataDir, 0o777);


interface Server {
  child: ChildProcess;
  url: string;
  logs: { msg?: string }[];
  exited: Promise<number | null>;
}

/** `npm start`'s server process exactly as a user runs it: no DATABASE_URL, data under DATA_DIR. */
async function startServer(ports: { http: number; pg: number }): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(ports.http), EMBEDDED_PG_PORT: String(ports.pg), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  // Without JWT_SECRET, development keeps a generated one under DATA_DIR.
  delete env.JWT_SECRET;
  // As `npm start` runs it: one node process (tsx as a loader, not as a signal-relaying parent).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: { msg?: string }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start; stderr: ${stderr}`)), 90_000);
    child.stdout!.on('data', (chunk) => {
      buffer += String(chunk);
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        try {
          logs.push(JSON.parse(line));
        } catch {
          logs.push({ msg: line });
        }
        if (line.includes('Ordercast is running')) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
  return { child, url: `http://localhost:${ports.http}`, logs, exited };
}

let running: Server | undefined;
afterAll(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PRODUCTS = '{ products(first: 50) { edges { node { name variants { sku } } } } }';

/** Signs in through the API with a seeded demo account (they share the demo password). */
async function signInAs(url: string, email: string) {
  const { signIn } = await httpClient(url).data<{ signIn: { token: string; user: { role: string } } }>(
    'mutation($email: String!) { signIn(shop: "demo", email: $email, password: "ordercast-demo") { token user { role } } }',
    { email },
  );
  const authorization = `Bearer ${signIn.token}`;
  return { client: httpClient(url, { authorization }), authorization, role: signIn.user.role };
}

describe('the server process without DATABASE_URL', () => {
  it('starts an embedded PostgreSQL under DATA_DIR, seeds the demo shop, and shuts down cleanly on SIGTERM', async () => {
    const ports = { http: await freePort(), pg: await freePort() };
    running = await startServer(ports);
    const health = await fetch(`${running.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    // Visitors see the published catalog; stock and all orders are staff business; a customer orders.
    const client = httpClient(running.url);
    const staff = await signInAs(running.url, 'staff@demo.ordercast.dev');
    const ada = await signInAs(running.url, 'ada@demo.ordercast.dev');
    expect([staff.role, ada.role]).toEqual(['STAFF', 'CUSTOMER']);
    const { products } = await client.data<{ products: { edges: { node: { variants: { sku: string }[] } }[] } }>(PRODUCTS);
    const skus = products.edges.flatMap((e) => e.node.variants.map((v) => v.sku));
    expect(skus).toEqual(expect.arrayContaining(['TEE-S', 'POSTER-A2', 'HOODIE-L']));
    const { stockLevel } = await staff.client.data<{ stockLevel: { onHand: number; warehouses: { warehouse: { code: string } }[] } }>(
      '{ stockLevel(sku: "POSTER-A2") { onHand warehouses { warehouse { code } } } }',
    );
    expect(stockLevel.onHand).toBe(3);
    expect(stockLevel.warehouses.map((w) => w.warehouse.code).sort()).toEqual(['AMS-1', 'BER-1']);
    const demoOrderStatuses = async (c: typeof client) =>
      (await c.data<{ orders: { edges: { node: { status: string } }[] } }>('{ orders(first: 50) { edges { node { status } } } }')).orders.edges.map((e) => e.node.status).sort();
    expect(await demoOrderStatuses(staff.client)).toEqual(['CANCELLED', 'DELIVERED', 'PARTIALLY_SHIPPED', 'PLACED']);
    // The demo orders belong to the demo customers: Ada sees her two only.
    expect(await demoOrderStatuses(ada.client)).toEqual(['DELIVERED', 'PLACED']);

    // A live subscription is drained, not cut: the client sees the socket complete.
    const watcher = wsClient(running.url, { authorization: ada.authorization });
    const { createOrder } = await ada.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const pushes = subscribe(watcher, 'subscription($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: createOrder.id });
    const closed = new Promise<void>((resolve) => watcher.on('closed', () => resolve()));
    await new Promise((r) => setTimeout(r, 200));

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    await closed;
    pushes.unsubscribe();
    await watcher.dispose();
    expect(running.logs.map((l) => l.msg)).toContain('stopped cleanly');
    // PostgreSQL removes its pid file only on a clean stop.
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // Started again on the same data: the data is kept and the demo shop is not seeded twice.
    running = await startServer(ports);
    // Tokens from before the restart still work: the generated JWT secret is kept under DATA_DIR.
    expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(true);
    const again = staff.client;
    const { products: productsAgain } = await httpClient(running.url).data<{ products: { edges: unknown[] } }>(PRODUCTS);
    expect(productsAgain.edges).toHaveLength(products.edges.length);
    expect(await demoOrderStatuses(again)).toEqual(['CANCELLED', 'DELIVERED', 'DRAFT', 'PARTIALLY_SHIPPED', 'PLACED']);
    expect((await signInAs(running.url, 'ada@demo.ordercast.dev')).role).toBe('CUSTOMER');
    const { order } = await ada.client.data<{ order: { id: string } | null }>('query($id: ID!) { order(id: $id) { id } }', { id: createOrder.id });
    expect(order?.id).toBe(createOrder.id);
    const { stockLevel: stockAgain } = await again.data<{ stockLevel: { onHand: number } }>('{ stockLevel(sku: "POSTER-A2") { onHand } }');
    expect(stockAgain.onHand).toBe(3);
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
  }, 180_000);
});
