/**
 * The shape of `window.vault`, derived from the contract: a call named
 * `group.method` becomes `vault.group.method(input)`, resolving to a Result.
 */
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './contract';
import type { Result } from './result';

type GroupOf<N extends string> = N extends `${infer G}.${string}` ? G : never;

export type VaultApi = {
  [G in GroupOf<CallName>]: {
    [N in CallName as N extends `${G}.${infer M}` ? M : never]: (input: CallInput<N>) => Promise<Result<CallOutput<N>>>;
  };
} & {
  /** Subscribe to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * The local path of a file dropped on the page, to pass to
   * `transfers.upload` (outside the contract: it is answered in the page, not
   * by main). Electron: the file's real path. Browser bridge: a
   * `bridge-drop:<name>` token the bridge finds in its drop folder.
   */
  pathForFile(file: File): string;
};

/** How a host carries calls and events; the preload and the bridge client each provide one. */
export interface VaultTransport {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): void;
  /** See VaultApi.pathForFile. */
  pathForFile(file: File): string;
}
