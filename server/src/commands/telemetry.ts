import { EventEmitter } from 'node:events';

/** What a round of load, decide and append came to. */
export type CommandOutcome = 'appended' | 'unchanged' | 'refused' | 'failed';

export interface CommandTelemetryEvents {
  handled: [streamType: string, outcome: CommandOutcome];
  conflict: [streamType: string, retried: boolean];
}

/**
 * Command handling as it happens, for metrics. Process-wide on purpose: command handlers are plain
 * functions without a per-app object to carry a registry, and a listener only counts.
 */
export const commandTelemetry = new EventEmitter<CommandTelemetryEvents>();
