import { useEffect, useRef, useState } from 'react';
import type { SessionPhase, StaffView } from '../../../main/base/api/contract';
import type { KioskClient } from '../api/client';

/** The staff view as main publishes it (null until the first answer). */
export function useStaffView(client: KioskClient): StaffView | null {
  const [view, setView] = useState<StaffView | null>(null);
  useEffect(() => {
    const off = client.on('staff.changed', setView);
    const offConn = client.onConnection((s) => {
      if (s === 'open') void client.call('maintenance.view').then((r) => r.ok && setView(r.value));
    });
    void client.call('maintenance.view').then((r) => r.ok && setView(r.value));
    return () => {
      off();
      offConn();
    };
  }, [client]);
  return view;
}

export function useSessionPhase(client: KioskClient): SessionPhase | null {
  const [phase, setPhase] = useState<SessionPhase | null>(null);
  useEffect(() => {
    const off = client.on('session.changed', (v) => setPhase(v.phase));
    void client.call('session.snapshot').then((r) => r.ok && setPhase(r.value.phase));
    return off;
  }, [client]);
  return phase;
}

export const CORNER_TAPS = 5;
export const CORNER_WINDOW_MS = 3000;

/** Counts taps; true once `CORNER_TAPS` fall within `CORNER_WINDOW_MS`. */
export function useTapCounter(onTrigger: () => void): () => void {
  const taps = useRef<number[]>([]);
  return () => {
    const now = performance.now();
    taps.current = [...taps.current.filter((t) => now - t < CORNER_WINDOW_MS), now];
    if (taps.current.length >= CORNER_TAPS) {
      taps.current = [];
      onTrigger();
    }
  };
}
