// The Tickwork command line: manages users and API keys in the configured database.
import { parseArgs } from 'node:util';

import { AccountError, Accounts, TOKEN_CACHE_TTL_MS } from '@tickwork/accounts';
import { openDatabase } from '@tickwork/db';
import type { Db } from '@tickwork/db';
import { RunLogStore, RunQueries } from '@tickwork/engine';

import { ConfigError, loadConfig } from './config.ts';
import { PasswordMismatchError, readPassword } from './password-prompt.ts';

const USAGE = `Usage: pnpm tickwork <command>

Commands:
  user create <name> [--admin] [--password <password>]
                                Creates a user. Without --password, the password is
                                asked for twice on a terminal, or read as the first
                                line of standard input. At least 8 characters.
  user list                     Lists users.
  runs <task key> [--limit N]   Lists a task's newest runs (default 20).
  run <run id>                  Shows one run with its error and log lines.
  apikey create <name>          Creates an API key and prints its token once.
  apikey list                   Lists API keys.
  apikey revoke <id>            Revokes an API key.

The database is the server's: DATABASE_URL, or the SQLite file in TICKWORK_DATA_DIR (default ./data).`;

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
      limit: { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [noun, verb, argument] = positionals;
  if (values.help || noun === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }

  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  // A running server may hold the write lock for a moment; the CLI waits for it rather than failing.
  const database = await openDatabase({ url: config.databaseUrl, sqliteBusyTimeoutMs: 5000 });
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
        console.log(`Revoked API key ${argument}. A running server stops accepting it within ${TOKEN_CACHE_TTL_MS / 1000} seconds.`);
        return 0;
      }
      default:
        if (noun === 'runs') return await listRuns(database.prisma, verb, values.limit);
        if (noun === 'run' && verb !== undefined) return await showRun(database.prisma, verb);
        break;
    }
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  } finally {
    await database.close();
  }
}

async function listRuns(db: Db, taskKey: string | undefined, limitText: string): Promise<number> {
  const limit = Number(limitText);
  if (taskKey === undefined) throw new AccountError('Missing task key: pnpm tickwork runs <task key>, for example DeleteCacheFiles.');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AccountError(`Invalid --limit "${limitText}": use a whole number from 1 to 1000.`);
  }
  const task = await db.task.findFirst({ where: { key: { equals: taskKey } } });
  if (task === null) {
    throw new AccountError(
      `No task with the key "${taskKey}" is registered in this database. Keys are case-sensitive (for example DeleteCacheFiles), and tasks are registered when the server starts.`,
    );
  }

  const { runs } = await new RunQueries(db).page({ taskId: task.id, limit });
  for (const run of runs) {
    const duration = run.endedAt === undefined ? 'running' : `${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s`;
    const by = run.userName === undefined ? run.origin : `${run.origin} by ${run.userName}`;
    console.log(`${run.id}  ${formatDate(run.startedAt)}  ${run.status.padEnd(9)}  ${duration.padStart(9)}  ${by}${run.errorMessage === undefined ? '' : `  ${run.errorMessage}`}`);
  }
  if (runs.length === 0) console.log(`No runs of ${taskKey} yet.`);
  return 0;
}

async function showRun(db: Db, runId: string): Promise<number> {
  const run = await new RunQueries(db).get(runId);
  if (run === undefined) throw new AccountError(`No run has the id "${runId}"; see pnpm tickwork runs <task key>.`);
  console.log(`${run.taskKey} run ${run.id}: ${run.status}${run.cancelReason === undefined ? '' : ` (${run.cancelReason})`}`);
  console.log(`started ${formatDate(run.startedAt)} (${run.origin}${run.userName === undefined ? '' : ` by ${run.userName}`}), ended ${formatDate(run.endedAt)}`);
  if (run.errorMessage !== undefined) console.log(`error: ${run.errorMessage}\n${run.errorStack ?? ''}`);
  for (const line of await new RunLogStore(db).linesOf(runId)) {
    console.log(`${formatDate(line.at)} ${line.level.padEnd(5)} ${line.message}`);
  }
  return 0;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof AccountError || error instanceof ConfigError || error instanceof PasswordMismatchError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error((error as Error).message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
