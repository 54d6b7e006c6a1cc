import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';

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

/**
 * Builds the production bundle `npm start` serves into a temp folder (vitest's NODE_ENV=test
 * would make Vite build React's development one). The caller removes the folder.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-web-dist-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}
