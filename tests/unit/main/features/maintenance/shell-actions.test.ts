import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { SHELL_ACTION_DELAY_MS, ShellActions, type ShellHooks } from '../../../../../main/features/maintenance/shell-actions.js';
import { recorder } from './fakes.js';

function setUp(shell: ShellHooks, allowExit = true) {
  const clock = new SimulatedClock();
  const rec = recorder();
  const loggedOut: string[] = [];
  const actions = new ShellActions({
    shell,
    allowExitToOs: () => allowExit,
    logout: (reason) => void loggedOut.push(reason),
    record: rec.record,
    clock,
  });
  return { clock, actions, loggedOut, recorded: rec.actions };
}

describe('shell actions', () => {
  it('logs out, then restarts half a second later', () => {
    let restarted = 0;
    const { clock, actions, loggedOut } = setUp({ restart: () => void restarted++ });
    expect(actions.restart()).toEqual({ action: 'restart', outcome: 'ok', detail: 'restarting' });
    expect(loggedOut).toEqual(['restart']);
    expect(restarted).toBe(0);
    clock.increment(SHELL_ACTION_DELAY_MS);
    expect(restarted).toBe(1);
  });

  it('refuses what the shell cannot do, or what is not allowed here, recording it', () => {
    const none = setUp({});
    expect(none.actions.restart().outcome).toBe('unsupported');
    expect(none.actions.exitToOs().outcome).toBe('refused');
    expect(none.loggedOut).toEqual([]);
    let exited = 0;
    const notAllowed = setUp({ exitToOs: () => void exited++ }, false);
    expect(notAllowed.actions.exitToOs().outcome).toBe('refused');
    expect(exited).toBe(0);
    expect([...none.recorded, ...notAllowed.recorded]).toEqual([
      'restart:unsupported',
      'exit-to-os:refused',
      'exit-to-os:refused',
    ]);
  });

  it('leaves to the desktop when allowed', () => {
    let exited = 0;
    const { clock, actions, loggedOut } = setUp({ exitToOs: () => void exited++ });
    expect(actions.exitToOs().outcome).toBe('ok');
    clock.increment(SHELL_ACTION_DELAY_MS);
    expect([loggedOut, exited]).toEqual([['exit-to-os'], 1]);
  });
});
