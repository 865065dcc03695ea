import { useEffect, useState } from 'react';
import type { CallOutput } from '../shared/contract';
import type { VaultErrorInfo } from '../shared/result';
import { vault } from './vault';

export type AppInfo = CallOutput<'app.info'>;

/** Loads app.info once and follows the system theme through the app.themeChanged event. */
export function useAppInfo(): { info?: AppInfo; error?: VaultErrorInfo } {
  const [state, setState] = useState<{ info?: AppInfo; error?: VaultErrorInfo }>({});

  useEffect(() => {
    let active = true;
    void vault.app.info().then((result) => {
      if (!active) return;
      if (result.ok) {
        document.documentElement.dataset.theme = result.value.theme;
        setState({ info: result.value });
      } else {
        setState({ error: result.error });
      }
    });
    const unsubscribe = vault.on('app.themeChanged', ({ theme }) => {
      document.documentElement.dataset.theme = theme;
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  return state;
}
