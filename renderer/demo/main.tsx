import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDemoClient } from './demo-client';
import { DemoPanel } from './DemoPanel';
import './demo.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <DemoPanel client={createDemoClient()} />
  </StrictMode>,
);
