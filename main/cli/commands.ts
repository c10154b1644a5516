/** Every `yimen` subcommand. Each later feature adds its command to this list. */
import type { Command } from './cli-kit.js';
import { verifyDocumentCommand } from './verify-document.js';
import { staffCommand } from './staff.js';
import { startCommand } from './start.js';
import { chromiumPolicyCommand } from './chromium-policy.js';
import { idcardCommand } from './idcard.js';
import { emulateCommand } from './emulate.js';
import { backofficeCommand } from './backoffice.js';
import { auditCommand } from './audit.js';
import { printerCommand } from './printer.js';
import { lockerCommand } from './locker.js';
import { fleetCommand } from './fleet.js';

export const commands: Command[] = [
  startCommand,
  verifyDocumentCommand,
  staffCommand,
  chromiumPolicyCommand,
  idcardCommand,
  emulateCommand,
  backofficeCommand,
  auditCommand,
  printerCommand,
  lockerCommand,
  fleetCommand,
];
