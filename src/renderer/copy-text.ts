import { vault } from './vault';

/** The host's clipboard first (Electron); the page's own where the host says it cannot (the browser bridge). */
export async function copyText(text: string): Promise<boolean> {
  const result = await vault.clipboard.copy({ text });
  if (result.ok && result.value.copied) return true;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
