// The Tickwork command line: manages users and API keys in the configured database.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { AccountError, Accounts } from '@tickwork/accounts';
import { openDatabase } from '@tickwork/db';

import { ConfigError, loadConfig } from './config.ts';

const USAGE = `Usage: pnpm tickwork <command>

Commands:
  user create <name> [--admin] [--password <password>]
                                Creates a user. Without --password, the password
                                is read from standard input (one line).
  user list                     Lists users.
  apikey create <name>          Creates an API key and prints its token once.
  apikey list                   Lists API keys.
  apikey revoke <id>            Revokes an API key.

The database is the server's: DATABASE_URL, or the SQLite file in TICKWORK_DATA_DIR (default ./data).`;

async function readPassword(): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  for await (const line of prompt) {
    prompt.close();
    return line;
  }
  return '';
}

function formatDate(epoch: number | undefined): string {
  return epoch === undefined ? '-' : new Date(epoch).toISOString();
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      admin: { type: 'boolean', default: false },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [noun, verb, argument] = positionals;
  if (values.help || noun === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }

  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  const database = await openDatabase({ url: config.databaseUrl });
  const accounts = new Accounts(database.prisma);
  try {
    const command = `${noun} ${verb ?? ''}`.trim();
    switch (command) {
      case 'user create': {
        if (argument === undefined) throw new AccountError('Missing user name: pnpm tickwork user create <name>.');
        const password = values.password ?? (await readPassword());
        const user = await accounts.createUser(argument, password, values.admin);
        console.log(`Created ${user.isAdmin ? 'administrator' : 'user'} "${user.name}" (id ${user.id}).`);
        return 0;
      }
      case 'user list': {
        for (const user of await accounts.listUsers()) {
          console.log(`${user.id}  ${user.name}  ${user.isAdmin ? 'admin' : 'user'}${user.isDisabled ? ' (disabled)' : ''}  last sign-in ${formatDate(user.lastLoginAt)}`);
        }
        return 0;
      }
      case 'apikey create': {
        if (argument === undefined) throw new AccountError('Missing API key name: pnpm tickwork apikey create <name>.');
        const { key, token } = await accounts.createApiKey(argument);
        console.log(`Created API key "${key.name}" (id ${key.id}). Its token is shown only now:`);
        console.log(token);
        return 0;
      }
      case 'apikey list': {
        for (const key of await accounts.listApiKeys()) {
          console.log(`${key.id}  ${key.name}  created ${formatDate(key.createdAt)}${key.revokedAt === undefined ? '' : `  revoked ${formatDate(key.revokedAt)}`}`);
        }
        return 0;
      }
      case 'apikey revoke': {
        if (argument === undefined) throw new AccountError('Missing API key id: pnpm tickwork apikey revoke <id> (see apikey list).');
        if (!(await accounts.revokeApiKey(argument))) {
          throw new AccountError(`No active API key has the id "${argument}"; run pnpm tickwork apikey list.`);
        }
        console.log(`Revoked API key ${argument}. A running server stops accepting it within 30 seconds.`);
        return 0;
      }
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof AccountError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error((error as Error).message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
