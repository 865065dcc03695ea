import { useRunTempFolder } from './global-setup';

/** Playwright's global setup: the run's temporary folder (its teardown is the function returned). */
export default function setup(): () => void {
  return useRunTempFolder();
}
