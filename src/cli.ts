// Command-line entry: the same src/core as the extension, driven from a terminal.
import { checkEngine, connectDocker } from './core/docker/client';

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'engine': {
      const connection = connectDocker();
      const info = await checkEngine(connection);
      console.log(`Docker ${info.version} (API ${info.apiVersion}, ${info.os}) at ${connection.description}`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log('Usage: monitoring-lab <command>\n\nCommands:\n  engine   show which Docker engine the lab would use');
      return 0;
    default:
      console.error(`Unknown command "${command}". Run "monitoring-lab help".`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
