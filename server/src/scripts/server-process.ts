import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository: where `server/src/main.ts` is found. */
const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The process's JSON log lines, as they come. */
  logs: Record<string, any>[];
  exited: Promise<number | null>;
  /** SIGKILL: no drain, no clean stop (a crash). */
  kill(): Promise<void>;
  /** SIGTERM and a clean stop. */
  stop(): Promise<number | null>;
}

/**
 * A real server process (`server/src/main.ts`, as `npm start` runs it) with `env` added to this
 * one's; resolves once its `/ready` answers 200. For tests of several nodes, crashes and restarts.
 */
export async function startServerProcess(env: NodeJS.ProcessEnv, port: number): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', PORT: String(port), ...env };
  delete childEnv.NODE_ENV;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, any>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  let buffer = '';
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
    }
  });
  const url = `http://localhost:${port}`;
  // Ready when /ready says so (migrations run, read models current, start-up work done), whatever the log level.
  const deadline = Date.now() + 90_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before it was ready; stderr: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server was not ready within 90 s; stderr: ${stderr}`);
    }
    const ready = await fetch(`${url}/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    logs,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
