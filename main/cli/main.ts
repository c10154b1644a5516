import { EXIT, processIO, UsageError, type CliIO } from './cli-kit.js';
import { commands } from './commands.js';

function help(io: CliIO): void {
  io.err('usage: yimen <command> [options]\n');
  for (const c of commands) io.err(`  ${c.usage}\n      ${c.summary}`);
}

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`yimen: unknown command "${name}" (try "yimen help")`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`yimen ${name}: ${e.message}\nusage: ${command.usage}`);
      return EXIT.usage;
    }
    throw e;
  }
}
