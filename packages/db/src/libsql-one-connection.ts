import { createClient } from '@libsql/client';
import type { Client, Config, InStatement, ResultSet, Transaction, TransactionMode } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';

/**
 * The libsql driver adapter with transactions kept on the client's one
 * SQLite connection.
 *
 * @libsql/client 0.17 hands its connection to each `transaction()` and
 * opens a new connection for the next query. It never closes the one it
 * handed out, so every Prisma transaction on SQLite left an open connection
 * with its page cache behind (about 2.5 MiB each, measured with
 * bench/library-scan.ts). Here a transaction is BEGIN, the statements and
 * COMMIT or ROLLBACK on the one connection. That is safe because the Prisma
 * adapter holds its lock from the start of a transaction to its end, so no
 * other query runs on the connection in between.
 */
export class OneConnectionLibSql extends PrismaLibSql {
  override createClient(config: Config): Client {
    return withOneConnectionTransactions(createClient(config));
  }
}

const BEGIN_BY_MODE: Record<TransactionMode, string> = {
  write: 'BEGIN IMMEDIATE',
  read: 'BEGIN TRANSACTION READONLY',
  deferred: 'BEGIN DEFERRED',
};

function withOneConnectionTransactions(client: Client): Client {
  const transaction = async (mode: TransactionMode = 'write'): Promise<Transaction> => {
    await client.execute(BEGIN_BY_MODE[mode]);
    let open = true;
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      await client.execute(sql);
    };
    const oneConnectionTransaction = {
      execute: (statement: InStatement) => client.execute(statement),
      async batch(statements: InStatement[]): Promise<ResultSet[]> {
        const results: ResultSet[] = [];
        for (const statement of statements) results.push(await client.execute(statement));
        return results;
      },
      executeMultiple: (sql: string) => client.executeMultiple(sql),
      commit: () => end('COMMIT'),
      async rollback() {
        try {
          await end('ROLLBACK');
        } catch {
          // SQLite already rolled the transaction back after the error that led here.
        }
      },
      close() {
        void oneConnectionTransaction.rollback();
      },
      get closed() {
        return !open;
      },
    };
    return oneConnectionTransaction as Transaction;
  };

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'transaction') return transaction;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
