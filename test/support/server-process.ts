import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

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
 * one's; resolves once it logs that it runs. For tests of several nodes, crashes and restarts.
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
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start; stderr: ${stderr}`)), 90_000);
    const check = setInterval(() => {
      if (logs.some((l) => typeof l.msg === 'string' && l.msg.includes('Ordercast is running'))) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 20);
    void exited.then((code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`server exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
  return {
    child,
    url: `http://localhost:${port}`,
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
