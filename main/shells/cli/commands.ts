/**
 * Every `yimen` subcommand, loaded only when it runs: `yimen start` (the kiosk, restarted by
 * its supervisor) does not pay for the modules of the technician and IT commands at start-up.
 * Each later feature adds its command to this list.
 */
import type { Command } from './cli-kit.js';

export interface CommandEntry {
  /** First word after `yimen`. */
  name: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'start', load: async () => (await import('./start.js')).startCommand },
  { name: 'verify-document', load: async () => (await import('./verify-document.js')).verifyDocumentCommand },
  { name: 'staff', load: async () => (await import('./staff.js')).staffCommand },
  { name: 'chromium-policy', load: async () => (await import('./chromium-policy.js')).chromiumPolicyCommand },
  { name: 'idcard', load: async () => (await import('./idcard.js')).idcardCommand },
  { name: 'emulate', load: async () => (await import('./emulate.js')).emulateCommand },
  { name: 'backoffice', load: async () => (await import('./backoffice.js')).backofficeCommand },
  { name: 'audit', load: async () => (await import('./audit.js')).auditCommand },
  { name: 'printer', load: async () => (await import('./printer.js')).printerCommand },
  { name: 'locker', load: async () => (await import('./locker.js')).lockerCommand },
  { name: 'fleet', load: async () => (await import('./fleet.js')).fleetCommand },
  { name: 'camera', load: async () => (await import('./camera.js')).cameraCommand },
];
