/**
 * Sign-ins in progress, for a UI that answers each step in a separate IPC
 * call. The main process keeps the steps (and with them the user pool's
 * challenge sessions); the renderer gets a plain view with an opaque flow id:
 * no closures, no tokens, no challenge session.
 */
import { randomUUID } from 'node:crypto';
import { VaultError } from '../errors';
import type { PendingSignInStep, SignedInStep, SignInStep } from './sign-in-steps';

/** What the renderer may see of a step. */
export type SignInView =
  | { kind: 'signed-in'; username: string }
  | {
      kind: 'new-password-required';
      flowId: string;
      username: string;
      expiresAt: string;
      requiredAttributes: string[];
    }
  | { kind: 'totp-required'; flowId: string; username: string; expiresAt: string }
  | {
      kind: 'totp-setup-required';
      flowId: string;
      username: string;
      expiresAt: string;
      secretCode: string;
      otpauthUri: string;
    };

/** A step's view, and for the last step the tokens (for the main process only). */
export interface SignInProgress {
  view: SignInView;
  signedIn?: SignedInStep;
}

const EXPIRED = 'This sign-in has expired; start again.';

/** Holds pending steps by flow id until they are answered, cancelled or expire. */
export class PendingSignIns {
  private readonly flows = new Map<string, PendingSignInStep>();

  constructor(
    private readonly now: () => number = Date.now,
    /** A renderer that starts sign-ins in a loop must not grow this without bound. */
    private readonly maxPending = 8,
  ) {}

  /** Keeps a pending step (under `flowId`, or a new id) and returns what the renderer may see. */
  track(step: SignInStep, flowId: string = randomUUID()): SignInProgress {
    this.purge();
    if (step.kind === 'signed-in') return { view: { kind: 'signed-in', username: step.username }, signedIn: step };
    this.flows.delete(flowId);
    while (this.flows.size >= this.maxPending) this.flows.delete(this.flows.keys().next().value!);
    this.flows.set(flowId, step);
    const base = { flowId, username: step.username, expiresAt: step.expiresAt.toISOString() };
    switch (step.kind) {
      case 'new-password-required':
        return { view: { kind: step.kind, ...base, requiredAttributes: [...step.requiredAttributes] } };
      case 'totp-required':
        return { view: { kind: step.kind, ...base } };
      case 'totp-setup-required':
        return {
          view: { kind: step.kind, ...base, secretCode: step.secretCode, otpauthUri: step.otpauthUri },
        };
    }
  }

  /**
   * Answers the pending step of `flowId`: a new password, or a TOTP code. The
   * flow keeps its id through its steps. A wrong answer leaves the step pending.
   */
  async respond(flowId: string, answer: string): Promise<SignInProgress> {
    this.purge();
    const step = this.flows.get(flowId);
    if (!step) throw new VaultError('AUTH_REQUIRED', EXPIRED);
    try {
      const next = await step.respond(answer);
      this.flows.delete(flowId);
      return this.track(next, flowId);
    } catch (error) {
      if (error instanceof VaultError && (error.code === 'AUTH_REQUIRED' || error.code === 'ACCESS_DENIED')) {
        this.flows.delete(flowId);
      }
      throw error;
    }
  }

  /** Forgets a flow (the person closed the dialog). */
  cancel(flowId: string): void {
    this.flows.delete(flowId);
  }

  /** How many flows are pending (for tests and diagnostics). */
  get size(): number {
    this.purge();
    return this.flows.size;
  }

  private purge(): void {
    const now = this.now();
    for (const [id, step] of this.flows) if (step.expiresAt.getTime() <= now) this.flows.delete(id);
  }
}
