import type { SessionStore, StoredSession } from '../vault/session-store';

/**
 * A session store that remembers only while the process runs: for hosts
 * with no real way to encrypt at rest (the browser bridge, Linux without a
 * keyring). DESIGN §2: not remembered is better than stored in plaintext.
 */
export function createMemorySessionStore(): SessionStore {
  let session: StoredSession | null = null;
  return {
    load: async () => session,
    save: async (next) => {
      session = next;
    },
    clear: async () => {
      session = null;
    },
  };
}
