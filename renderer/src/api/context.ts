import { createContext, useContext } from 'react';
import type { KioskClient } from './client';

export const ClientContext = createContext<KioskClient | null>(null);

export function useClient(): KioskClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}
