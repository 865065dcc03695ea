/**
 * The IPC contract: every call and event between the UI and the main process,
 * with the schema of what crosses. Main validates call inputs against these
 * schemas at runtime; the preload and the browser bridge build `window.vault`
 * from the same names; the renderer's types derive from them. Adding a call is:
 * add it here, implement it in the main-side handlers, done.
 *
 * zod (its tree-shakable "mini" build) is the one runtime dependency of
 * src/shared: it keeps the validation and the types from drifting apart.
 */
import * as z from 'zod/mini';

export const THEMES = ['light', 'dark'] as const;

export const calls = {
  'app.info': {
    input: z.void(),
    output: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      host: z.enum(['electron', 'browser-bridge']),
      theme: z.enum(THEMES),
    }),
  },
} as const satisfies Record<string, { input: z.ZodMiniType; output: z.ZodMiniType }>;

export const events = {
  'app.themeChanged': z.object({ theme: z.enum(THEMES) }),
} as const satisfies Record<string, z.ZodMiniType>;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Electron channel names: one per call, one shared channel for events. */
export const CALL_CHANNEL_PREFIX = 'vault:';
export const EVENT_CHANNEL = 'vault:event';

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
