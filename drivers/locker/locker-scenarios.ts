/**
 * Named emulator set-ups for `yimen emulate locker --scenario NAME`, the demo panel and tests.
 * Each builds a `LockerEmulator` and scripts it; timers it starts are cancelled by `dispose()`.
 */
import { LockerEmulator, seededRandom, type EmulatedBoardConfig } from './locker-emulator.js';
import type { LockerProtocolName } from './locker-codec.js';

export interface LockerScenario {
  name: string;
  description: string;
  protocol: LockerProtocolName;
  boards: readonly EmulatedBoardConfig[];
  create(): LockerEmulator;
}

/** The reference cabinet: 4 boards × 24 locks at addresses 1–4. */
export const CABINET_8A: readonly EmulatedBoardConfig[] = [1, 2, 3, 4].map((address) => ({ address, locks: 24 }));
/** Two Kerong CU16 units at addresses 0 and 1. */
export const CABINET_KERONG: readonly EmulatedBoardConfig[] = [0, 1].map((address) => ({ address, locks: 16 }));

/** How long "the person" takes to close a door they opened, in the scenarios that have one. */
export const PERSON_CLOSES_AFTER_MS = 3000;

function scenario(
  name: string,
  description: string,
  protocol: LockerProtocolName,
  boards: readonly EmulatedBoardConfig[],
  script: (e: LockerEmulator) => void,
): LockerScenario {
  return {
    name,
    description,
    protocol,
    boards,
    create() {
      const e = new LockerEmulator({ protocol, boards, autoCloseMs: PERSON_CLOSES_AFTER_MS, random: seededRandom(42) });
      script(e);
      return e;
    },
  };
}

export const LOCKER_SCENARIOS: readonly LockerScenario[] = [
  scenario(
    'default',
    '8A bus, 4 boards × 24 locks; a person closes each opened door after 3 s',
    '8a',
    CABINET_8A,
    () => undefined,
  ),
  scenario(
    'jammed',
    'as default, but lock 1/3 is jammed: the unlock is acknowledged, the door stays closed',
    '8a',
    CABINET_8A,
    (e) => e.jam(1, 3),
  ),
  scenario('left-open', 'as default, but nobody closes doors; door 1/2 is already standing open', '8a', CABINET_8A, (e) => {
    e.setAutoClose(null);
    e.setDoor(1, 2, 'open');
  }),
  scenario('lost-reply', 'as default, but every unlock reply is lost (the lock still opens)', '8a', CABINET_8A, (e) =>
    e.loseReplies(Number.MAX_SAFE_INTEGER, { kind: 'open' }),
  ),
  scenario(
    'noisy',
    'as default, on a noisy line: garbage before half the replies, 5 % of replies damaged',
    '8a',
    CABINET_8A,
    (e) => e.setNoise({ garbageProbability: 0.5, corruptProbability: 0.05 }),
  ),
  scenario(
    'manual-key',
    'as default; 2 s in, a technician opens 2/5 with the key and closes it 5 s later',
    '8a',
    CABINET_8A,
    (e) => {
      e.after(2000, () => {
        e.keyOpen(2, 5);
        e.closeDoorAfter(2, 5, 5000);
      });
    },
  ),
  scenario(
    'kerong',
    'Kerong CU16 bus, boards 0 and 1 × 16 locks; compartments 0/1 and 1/4 occupied',
    'kerong',
    CABINET_KERONG,
    (e) => {
      e.setOccupied(0, 1, true);
      e.setOccupied(1, 4, true);
    },
  ),
  scenario(
    'occupancy',
    'Kerong CU16; every opened compartment is emptied when its door closes',
    'kerong',
    CABINET_KERONG,
    (e) => {
      for (let lock = 1; lock <= 16; lock++) e.setOccupied(0, lock, true);
      e.onChange((c) => {
        if (c.cause === 'script' && c.door === 'closed' && c.occupied) e.setOccupied(c.board, c.lock, false);
      });
    },
  ),
];

export function findLockerScenario(name: string): LockerScenario | undefined {
  return LOCKER_SCENARIOS.find((s) => s.name === name);
}
