import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';
import { build, type InlineConfig } from 'vite';
import viteConfig from '../../vite.config';

/** Debian's Chromium: used only when the packaged one cannot be unpacked here. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const SYSTEM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Flags the package sets for AWS Lambda that do not fit tests: one process means closing one
 * browser context kills the browser, and the web-security switches would hide CORS mistakes.
 */
const LAMBDA_ONLY_ARGS = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials']);

export interface BrowserChoice {
  executablePath: string;
  args: string[];
  source: 'npm' | 'system';
}

/**
 * The Chromium that `npm install` brings (`@sparticuz/chromium` carries its binary inside the
 * package and unpacks it to the temp folder on first use), so tests need no apt step and nothing
 * is downloaded; Debian's `/usr/bin/chromium` when the package cannot be used. `ORDERCAST_CHROMIUM`
 * names another binary.
 */
export async function chooseChromium(): Promise<BrowserChoice> {
  const chosen = process.env.ORDERCAST_CHROMIUM;
  if (chosen) return { executablePath: chosen, args: SYSTEM_ARGS, source: 'system' };
  try {
    const executablePath = await sparticuz.executablePath();
    if (fs.existsSync(executablePath)) return { executablePath, args: sparticuz.args.filter((arg) => !LAMBDA_ONLY_ARGS.has(arg)), source: 'npm' };
  } catch (error) {
    if (!fs.existsSync(SYSTEM_CHROMIUM)) throw error;
  }
  if (fs.existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: SYSTEM_ARGS, source: 'system' };
  throw new Error(`No Chromium: @sparticuz/chromium could not be unpacked and ${SYSTEM_CHROMIUM} is missing.`);
}

export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await chooseChromium();
  return chromium.launch({ executablePath, args, headless: true });
}

/** Everything a build reads: the web sources, the Vite config and the installed packages' versions. */
function buildInputsHash(): string {
  const hash = crypto.createHash('sha256');
  const add = (file: string) => hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules') walk(file);
      } else add(file);
    }
  };
  walk(path.resolve('web'));
  add(path.resolve('vite.config.ts'));
  add(path.resolve('package-lock.json'));
  return hash.digest('hex').slice(0, 16);
}

/** vite.config.ts, building the web app's own page only, or GraphiQL's too. */
function buildConfig(outDir: string, graphiql: boolean): InlineConfig {
  const { rollupOptions } = viteConfig.build!;
  const input = rollupOptions!.input as Record<string, string>;
  return {
    ...viteConfig,
    configFile: false,
    logLevel: 'warn',
    build: { ...viteConfig.build, outDir, emptyOutDir: true, rollupOptions: { ...rollupOptions, input: graphiql ? input : { main: input.main } } },
  };
}

/**
 * Builds the production bundle `npm start` serves into a temp folder (vitest's NODE_ENV=test
 * would make Vite build React's development one). The caller removes the folder.
 *
 * Without `graphiql`, the web app's page only: GraphiQL's editor (Monaco and its workers) takes
 * most of a full build's minute or two. A build is kept in the temp folder under a hash of its
 * inputs: every browser test file after the first gets a copy of the same sources' build.
 */
export async function buildWebApp(options: { graphiql?: boolean } = {}): Promise<string> {
  const graphiql = options.graphiql ?? false;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-web-dist-'));
  const cached = path.join(os.tmpdir(), 'ordercast-web-build-cache', `${buildInputsHash()}-${graphiql ? 'with-graphiql' : 'app'}`);
  if (fs.existsSync(path.join(cached, 'index.html'))) {
    fs.cpSync(cached, outDir, { recursive: true });
    return outDir;
  }
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build(buildConfig(outDir, graphiql));
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  // Copied aside and renamed into place, so a test file running at the same time never copies half a build.
  const staging = `${cached}.${process.pid}.${Date.now()}`;
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.cpSync(outDir, staging, { recursive: true });
  try {
    fs.renameSync(staging, cached);
  } catch {
    // Another test file cached the same build first.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return outDir;
}
