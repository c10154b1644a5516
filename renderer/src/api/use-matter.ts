import { useEffect, useState } from 'react';
import type { MatterView } from '../../../main/base/api/contract';
import { useClient } from './context';

export function useMatter(id: string | null): MatterView | null {
  const client = useClient();
  const [matter, setMatter] = useState<MatterView | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    void client.call('catalog.get', { id }).then((r) => live && setMatter(r.ok ? r.value : null));
    return () => {
      live = false;
    };
  }, [client, id]);
  return matter?.id === id ? matter : null;
}
