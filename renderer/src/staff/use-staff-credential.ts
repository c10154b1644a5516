import { useState } from 'react';

export type StaffCredentialArgs = { card: string; pin: string } | { staffId: string; code: string };

/**
 * What a member of staff types to prove who they are (badge number + PIN, or staff id + TOTP
 * code): shared by the maintenance prompt and the staff-assisted identification screen. The
 * secret parts are cleared as soon as they are sent.
 */
export function useStaffCredential() {
  const [method, setMethod] = useState<'card' | 'totp'>('card');
  const [card, setCard] = useState('');
  const [pin, setPinRaw] = useState('');
  const [staffId, setStaffId] = useState('');
  const [code, setCodeRaw] = useState('');
  const setPin = (v: string): void => setPinRaw(v.replace(/\D/g, ''));
  const setCode = (v: string): void => setCodeRaw(v.replace(/\D/g, '').slice(0, 6));
  const complete = method === 'card' ? card.trim().length >= 4 && pin.length >= 4 : staffId.trim() !== '' && code.length === 6;
  /** The argument of the login method; clears the PIN and the code. */
  const take = (): StaffCredentialArgs => {
    const args = method === 'card' ? { card: card.trim(), pin } : { staffId: staffId.trim(), code };
    setPinRaw('');
    setCodeRaw('');
    return args;
  };
  return { method, setMethod, card, setCard, pin, setPin, staffId, setStaffId, code, setCode, complete, take };
}
