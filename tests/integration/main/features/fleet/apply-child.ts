/**
 * Child process for the power-loss tests: runs one agent cycle and SIGKILLs itself at the
 * named apply step. argv: publicDir stateDir trustedRoot step
 */
import { FleetAgent } from '../../../../../main/features/fleet/agent.js';

const [publicDir, stateDir, trustedRoot, step] = process.argv.slice(2);
if (!publicDir || !stateDir || !trustedRoot || !step) throw new Error('usage: apply-child publicDir stateDir trustedRoot step');
const agent = new FleetAgent({
  repository: publicDir,
  stateDir,
  trustedRoot,
  identity: { terminalId: 'T-0001', hallId: 'hall-a' },
  healthWindowMs: 0,
  stepHook: (s) => {
    if (s === step) process.kill(process.pid, 'SIGKILL');
  },
});
const r = await agent.cycle();
process.stdout.write(`${JSON.stringify(r)}\n`);
