// electron-builder's afterPack hook: flips Electron's fuses on the unpacked app,
// after the files are in place and before anything is signed (electron-builder
// signs after this hook), for every platform and architecture.
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

/** What the packaged app's binary must carry. package-check.mjs reads these back. */
export const FUSES = {
  // No `ELECTRON_RUN_AS_NODE=1 "S3 Vault"` turning the signed app into a node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and other Chromium storage encrypted with the OS keychain key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds (macOS Info.plist, Windows resource).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded: no app/ folder dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

const EXTENSIONS = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' };

/** The Electron executable inside appOutDir, the way electron-builder names it on each platform. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  return path.join(appOutDir, `${name}${EXTENSIONS[electronPlatformName] ?? ''}`);
}

export default async function afterPack(context) {
  const binary = electronBinaryPath(context);
  // arm64 macOS refuses to run a binary whose ad-hoc signature no longer matches;
  // a real signature (when an identity is configured) replaces it right after.
  const isMacArm64 = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: isMacArm64,
    ...FUSES,
  });
  console.log(`  • fuses flipped  ${path.relative(process.cwd(), binary)}`);
}
