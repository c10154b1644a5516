import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, type KioskClient } from './api/client';
import { useUiLiveness } from './api/ui-liveness';
import { initI18n } from './i18n';
import { App } from './App';
import './styles.css';

/** The app, plus the answer to the supervisor's `ui.ping` (see api/ui-liveness.ts). */
function Kiosk({ client, root }: { client: KioskClient; root: HTMLElement }): React.JSX.Element {
  useUiLiveness(client, root);
  return <App client={client} />;
}

async function start(): Promise<void> {
  // The API socket first: at a cold start it waits for the core, which may still be booting.
  const client = createClient();
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <Kiosk client={client} root={root} />
    </StrictMode>,
  );
}

void start();
