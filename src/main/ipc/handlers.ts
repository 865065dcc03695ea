import type { AppController } from '../controller/app-controller';
import type { CallHandlers } from './dispatch';

/** What a host (the Electron main process or the browser bridge) tells the handlers about itself. */
export interface HostInfo {
  name: string;
  version: string;
  platform: string;
  host: 'electron' | 'browser-bridge';
  theme: () => 'light' | 'dark';
}

/**
 * The implementation of every call in the contract, independent of the
 * transport: app.info from the host, everything else from the controller.
 * Inputs arrive validated against the contract (dispatch); the controller and
 * the engine check what a schema cannot (names, paths, links).
 */
export function createHandlers(host: HostInfo, controller: AppController): CallHandlers {
  return {
    'app.info': () => ({
      name: host.name,
      version: host.version,
      platform: host.platform,
      host: host.host,
      theme: host.theme(),
    }),
    'vault.state': () => controller.state(),
    'vault.tryLocal': ({ username, password }) => controller.tryLocal(username, password),
    'vault.connect': ({ profile }) => controller.connect(profile),
    'vault.connectFromFile': () => controller.connectFromFile(),
    'auth.signIn': ({ username, password }) => controller.signIn(username, password),
    'auth.respond': ({ answer }) => controller.respond(answer),
    'auth.signOut': () => controller.signOut(),
    'files.list': ({ path }) => controller.list(path),
    'files.mkdir': ({ path }) => controller.mkdir(path),
    'files.remove': ({ path }) => controller.remove(path),
    'files.rename': ({ from, to }) => controller.rename(from, to),
    'transfers.upload': async ({ sources, to }) => ({ ids: await controller.upload(sources, to) }),
    'transfers.pickAndUpload': async ({ to }) => ({ ids: await controller.pickAndUpload(to) }),
    'transfers.download': async ({ path }) => ({ id: await controller.download(path) }),
    'transfers.list': () => controller.listTransfers(),
    'transfers.cancel': ({ id }) => controller.cancelTransfer(id),
    'transfers.retry': ({ id }) => controller.retryTransfer(id),
    'shares.limits': () => controller.shareLimits(),
    'shares.create': ({ path, seconds }) => controller.share(path, seconds),
    'shares.list': () => controller.links(),
    'shares.open': async ({ link }) => ({ id: await controller.openLink(link) }),
    'status.check': () => controller.status(),
    'clipboard.copy': ({ text }) => controller.copy(text),
  };
}
