import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { initI18n } from './i18n';
import { App } from './App';
import './styles.css';

async function start(): Promise<void> {
  await initI18n();
  const client = createClient();
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}

void start();
