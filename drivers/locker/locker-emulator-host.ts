/**
 * Runs a scenario's `LockerEmulator` on a transport (a serial port for `yimen emulate locker`, one
 * end of an in-memory pair for `emulated` devices) and lets the demo panel, tests or a technician
 * at the terminal switch scenarios and script the doors.
 */
import { err, ok, type Result } from '../../common/result.js';
import type { Transport } from '../transport/transport.js';
import type { LockerProtocolName } from './locker-codec.js';
import type { LockerEmulator } from './locker-emulator.js';
import { findLockerScenario, LOCKER_SCENARIOS, type LockerScenario } from './locker-scenarios.js';

export const LOCKER_SCENARIO_NAMES: readonly string[] = LOCKER_SCENARIOS.map((s) => s.name);

export interface LockerEmulatorHostOptions {
  /**
   * The protocol of the cabinet on the other end of the wire (an emulated device's driver): a
   * scenario speaking another one is refused (`unsupported-scenario`). Default: any.
   */
  protocol?: LockerProtocolName;
}

export class LockerEmulatorHost {
  private current: LockerEmulator;
  private scenarioDef: LockerScenario;
  private detach: (() => void) | null = null;
  private running = false;

  constructor(
    private readonly transport: Transport,
    scenario = 'default',
    private readonly opts: LockerEmulatorHostOptions = {},
  ) {
    const def = findLockerScenario(scenario);
    if (!def) throw new RangeError(`unknown locker scenario "${scenario}" (have: ${LOCKER_SCENARIO_NAMES.join(', ')})`);
    this.scenarioDef = def;
    this.current = def.create();
  }

  get emulator(): LockerEmulator {
    return this.current;
  }

  get scenario(): LockerScenario {
    return this.scenarioDef;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.transport.state === 'closed') await this.transport.open();
    this.running = true;
    this.detach = this.current.attach(this.transport);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.detach?.();
    this.detach = null;
    this.current.dispose();
    await this.transport.close();
  }

  setScenario(name: string): Result<void, string> {
    const def = findLockerScenario(name);
    if (!def) return err('unknown-scenario', `unknown locker scenario "${name}" (have: ${LOCKER_SCENARIO_NAMES.join(', ')})`);
    if (this.opts.protocol !== undefined && def.protocol !== this.opts.protocol) {
      return err('unsupported-scenario', `scenario "${name}" speaks ${def.protocol}; this cabinet speaks ${this.opts.protocol}`);
    }
    this.detach?.();
    this.detach = null;
    this.current.dispose();
    this.scenarioDef = def;
    this.current = def.create();
    if (this.running) this.detach = this.current.attach(this.transport);
    return ok(undefined);
  }

  /** Open doors, per board, for a status line or the demo panel. */
  state(): { scenario: string; protocol: string; openDoors: string[]; occupied: string[] } {
    const openDoors: string[] = [];
    const occupied: string[] = [];
    for (const b of this.current.boardConfigs) {
      for (let lock = 1; lock <= b.locks; lock++) {
        if (this.current.door(b.address, lock) === 'open') openDoors.push(`${b.address}/${lock}`);
        if (this.current.isOccupied(b.address, lock)) occupied.push(`${b.address}/${lock}`);
      }
    }
    return { scenario: this.scenarioDef.name, protocol: this.scenarioDef.protocol, openDoors, occupied };
  }

  /**
   * One text command (stdin of `yimen emulate locker`):
   * `open|close|key|jam|unjam|occupy|empty B L`, `silent|answer B`, `lose N`, `noise on|off`,
   * `scenario NAME`, `state`. Returns a line for the technician.
   */
  command(line: string): string {
    const [verb, a, b] = line.trim().split(/\s+/);
    const board = a === undefined ? NaN : Number(a);
    const lock = b === undefined ? NaN : Number(b);
    const e = this.current;
    try {
      switch (verb) {
        case 'open':
        case 'key':
          e.keyOpen(board, lock);
          break;
        case 'close':
          e.setDoor(board, lock, 'closed');
          break;
        case 'jam':
        case 'unjam':
          e.jam(board, lock, verb === 'jam');
          break;
        case 'occupy':
        case 'empty':
          e.setOccupied(board, lock, verb === 'occupy');
          break;
        case 'silent':
        case 'answer':
          e.setBoardSilent(board, verb === 'silent');
          break;
        case 'lose':
          e.loseReplies(Number.isInteger(board) && board > 0 ? board : 1);
          break;
        case 'noise':
          e.setNoise(a === 'off' ? null : { garbageProbability: 0.5, corruptProbability: 0.05 });
          break;
        case 'scenario': {
          const r = this.setScenario(a ?? '');
          if (!r.ok) return r.error.message;
          break;
        }
        case 'state':
        case undefined:
          break;
        default:
          return `unknown command "${line.trim()}"`;
      }
    } catch (x) {
      return x instanceof RangeError ? x.message : `error: ${String(x)}`;
    }
    return `ok ${JSON.stringify(this.state())}`;
  }
}
