/**
 * What staff ask of the shell: restart the kiosk, leave to the desktop. Each logs the member out
 * first and runs half a second later (the answer reaches the screen); a shell that cannot is
 * refused, recorded either way.
 */
import type { Clock } from '../session/service.js';
import type { ActionResult, RecordAction } from './action-result.js';

/** What the shell can do for staff: restart the kiosk, leave to the desktop. A missing one is refused. */
export interface ShellHooks {
  restart?(): void;
  exitToOs?(): void;
}

export interface ShellActionsOptions {
  shell: ShellHooks;
  /** Exit to the OS is allowed here (config and shell). */
  allowExitToOs: () => boolean;
  logout: (reason: string) => void;
  record: RecordAction;
  clock: Pick<Clock, 'setTimeout'>;
}

/** How long the shell waits before it acts, so the answer reaches the screen. */
export const SHELL_ACTION_DELAY_MS = 500;

export class ShellActions {
  constructor(private readonly o: ShellActionsOptions) {}

  restart(): ActionResult {
    const restart = this.o.shell.restart?.bind(this.o.shell);
    if (!restart) {
      this.o.record('restart', 'unsupported', {});
      return { action: 'restart', outcome: 'unsupported', detail: 'this shell cannot restart the kiosk' };
    }
    this.o.record('restart', 'ok', {});
    this.o.logout('restart');
    this.o.clock.setTimeout(() => restart(), SHELL_ACTION_DELAY_MS);
    return { action: 'restart', outcome: 'ok', detail: 'restarting' };
  }

  exitToOs(): ActionResult {
    const exit = this.o.shell.exitToOs?.bind(this.o.shell);
    if (!this.o.allowExitToOs() || !exit) {
      this.o.record('exit-to-os', 'refused', {});
      return { action: 'exit-to-os', outcome: 'refused', detail: 'exit to the OS is not allowed here' };
    }
    this.o.record('exit-to-os', 'ok', {});
    this.o.logout('exit-to-os');
    this.o.clock.setTimeout(() => exit(), SHELL_ACTION_DELAY_MS);
    return { action: 'exit-to-os', outcome: 'ok', detail: 'leaving to the desktop' };
  }
}
