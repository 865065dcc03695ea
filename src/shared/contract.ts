/**
 * The IPC contract: every call and event between the UI and the main process,
 * with the schema of what crosses. Main validates call inputs against these
 * schemas at runtime; the preload and the browser bridge build `window.vault`
 * from the same names; the renderer's types derive from them. Adding a call is:
 * add it here, implement it in the main-side handlers, done.
 *
 * zod (its tree-shakable "mini" build) is the one runtime dependency of
 * src/shared: it keeps the validation and the types from drifting apart.
 * Nothing secret crosses: no credentials, tokens, data keys or file contents.
 */
import * as z from 'zod/mini';

export const THEMES = ['light', 'dark'] as const;

/** A path inside the vault: '/'-separated segments, '' for the top folder. The engine checks each segment. */
const vaultPath = z.string().check(z.maxLength(4096));
/** A path on this computer, as a file picker or a drop gave it. */
const localPath = z.string().check(z.minLength(1), z.maxLength(4096));
const secret = z.string().check(z.minLength(1), z.maxLength(256));

const user = z.object({ username: z.string(), isAdmin: z.boolean() });

const profileSummary = z.object({
  kind: z.enum(['local', 'aws']),
  vaultId: z.string(),
  region: z.string(),
  bucket: z.string(),
});

/** Where sign-in stands; the pending steps hold no secret the UI would need to keep. */
const signInStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signed-in'), user }),
  z.object({ kind: z.literal('new-password-required') }),
  z.object({ kind: z.literal('totp-required') }),
  z.object({ kind: z.literal('totp-setup-required'), otpauthUri: z.string(), secretCode: z.string() }),
]);

const fileEntry = z.object({
  kind: z.enum(['file', 'folder']),
  name: z.string(),
  path: z.string(),
  /** Plaintext bytes (files only). */
  size: z.optional(z.number()),
  /** ISO 8601. */
  modified: z.optional(z.string()),
});

const errorInfo = z.object({ code: z.string(), message: z.string() });

const transfer = z.object({
  id: z.string(),
  direction: z.enum(['upload', 'download']),
  name: z.string(),
  /** The vault path (upload target or download source). */
  path: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  bytes: z.number(),
  total: z.number(),
  bytesPerSecond: z.number(),
  error: z.optional(errorInfo),
});

const shareLink = z.object({
  url: z.string(),
  appLink: z.string(),
  /** ISO 8601: the true expiry, never longer than the signing credentials allow. */
  expiresAt: z.string(),
  requestedSeconds: z.number(),
  cappedBy: z.optional(z.enum(['credentials', 'sigv4-limit'])),
});

const linkHistoryEntry = z.object({
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** One status probe (see src/main/vault/status/probe-types.ts). */
const probeResult = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['ok', 'warning', 'error']),
  reason: z.string(),
  details: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  latencyMs: z.number(),
  checkedAt: z.string(),
});

const none = z.void();

export const calls = {
  'app.info': {
    input: none,
    output: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      host: z.enum(['electron', 'browser-bridge']),
      theme: z.enum(THEMES),
    }),
  },
  /** What the UI shows first: no profile (first run), signed out, or signed in. */
  'vault.state': {
    input: none,
    output: z.object({ profile: z.nullable(profileSummary), user: z.nullable(user) }),
  },
  /** Starts the local backend in the app's data folder, creates this person and signs them in. */
  'vault.tryLocal': {
    input: z.object({ username: z.string().check(z.regex(/^[\w.@+-]{1,128}$/)), password: secret }),
    output: signInStep,
  },
  /** Imports a profile: the JSON text of a profile file, or an s3vault://connect link. */
  'vault.connect': {
    input: z.object({ profile: z.string().check(z.minLength(2), z.maxLength(16_384)) }),
    output: profileSummary,
  },
  /** Opens a file picker for a profile file (null when the person cancels). */
  'vault.connectFromFile': { input: none, output: z.nullable(profileSummary) },
  'auth.signIn': {
    input: z.object({ username: z.string().check(z.minLength(1), z.maxLength(128)), password: secret }),
    output: signInStep,
  },
  /** Answers the pending step: the new password, or a six-digit code. */
  'auth.respond': { input: z.object({ answer: secret }), output: signInStep },
  'auth.signOut': { input: none, output: z.void() },
  'files.list': {
    input: z.object({ path: vaultPath }),
    output: z.object({ path: z.string(), entries: z.array(fileEntry) }),
  },
  'files.mkdir': { input: z.object({ path: vaultPath }), output: z.void() },
  'files.remove': { input: z.object({ path: vaultPath }), output: z.void() },
  'files.rename': { input: z.object({ from: vaultPath, to: vaultPath }), output: z.void() },
  /** Uploads local files or folders (dropped or picked) into a vault folder. */
  'transfers.upload': {
    input: z.object({ sources: z.array(localPath).check(z.minLength(1), z.maxLength(10_000)), to: vaultPath }),
    output: z.object({ ids: z.array(z.string()) }),
  },
  /** Opens a file picker, then uploads what was picked (no ids when cancelled). */
  'transfers.pickAndUpload': { input: z.object({ to: vaultPath }), output: z.object({ ids: z.array(z.string()) }) },
  /** Downloads and decrypts a file; asks where to save it where the host can. */
  'transfers.download': { input: z.object({ path: vaultPath }), output: z.object({ id: z.nullable(z.string()) }) },
  'transfers.list': { input: none, output: z.array(transfer) },
  'transfers.cancel': { input: z.object({ id: z.string().check(z.maxLength(64)) }), output: z.void() },
  'transfers.retry': { input: z.object({ id: z.string().check(z.maxLength(64)) }), output: z.void() },
  /** The share-link lifetimes the current credentials allow. */
  'shares.limits': { input: none, output: z.object({ maxSeconds: z.number(), choices: z.array(z.number()) }) },
  'shares.create': {
    input: z.object({ path: vaultPath, seconds: z.number().check(z.int(), z.gte(60), z.lte(604_800)) }),
    output: shareLink,
  },
  'shares.list': { input: none, output: z.array(linkHistoryEntry) },
  /** Opens a share link (app link or pre-signed URL): downloads and decrypts with one's own key access. */
  'shares.open': {
    input: z.object({ link: z.string().check(z.minLength(8), z.maxLength(8192)) }),
    output: z.object({ id: z.nullable(z.string()) }),
  },
  /** The vault's health: bucket, user pool, key, credentials, share links, storage, transfers. */
  'status.check': { input: none, output: z.array(probeResult) },
  /** Puts text on the system clipboard; `copied` false where the host cannot (the UI then copies itself). */
  'clipboard.copy': {
    input: z.object({ text: z.string().check(z.maxLength(16_384)) }),
    output: z.object({ copied: z.boolean() }),
  },
} as const satisfies Record<string, { input: z.ZodMiniType; output: z.ZodMiniType }>;

export const events = {
  'app.themeChanged': z.object({ theme: z.enum(THEMES) }),
  /** Signed in, signed out, or the session ended (with the reason to show). */
  'session.changed': z.object({ user: z.nullable(user), reason: z.optional(z.string()) }),
  /** A transfer's state or progress changed (throttled to a few per second). */
  'transfers.changed': transfer,
  /** The OS handed the app an s3vault:// link (deep link or second launch). */
  'links.received': z.object({ link: z.string() }),
  /** A menu command for the UI to carry out where it is (the current folder): File › Add Files…, New Folder. */
  'ui.command': z.object({ command: z.enum(['add-files', 'new-folder']) }),
} as const satisfies Record<string, z.ZodMiniType>;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type FileEntry = z.output<typeof fileEntry>;
export type Transfer = z.output<typeof transfer>;
export type SignInStep = z.output<typeof signInStep>;
export type ShareLink = z.output<typeof shareLink>;
export type LinkHistoryEntry = z.output<typeof linkHistoryEntry>;
export type ProfileSummary = z.output<typeof profileSummary>;
export type VaultUser = z.output<typeof user>;
export type ProbeResult = z.output<typeof probeResult>;

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
