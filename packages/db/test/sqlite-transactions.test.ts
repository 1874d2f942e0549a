import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../src/index.ts';
import type { Database } from '../src/index.ts';

let folder: string;
let database: Database;
let file: string;

beforeEach(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-db-'));
  file = path.join(folder, 'tickwork.db');
  database = await openDatabase({ url: `file:${file}` });
});

afterEach(async () => {
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

/** File descriptors of this process open on the database file; one per SQLite connection. */
function openConnections(): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

const entry = (name: string) => ({ name, type: 'Test', severity: 'Information', date: new Date() });

describe('SQLite transactions', () => {
  it('commit on success', async () => {
    await database.prisma.$transaction(async (tx) => {
      await tx.activityLogEntry.create({ data: entry('a') });
      await tx.activityLogEntry.create({ data: entry('b') });
    });

    expect(await database.prisma.activityLogEntry.count()).toBe(2);
  });

  it('roll back when the callback throws', async () => {
    const failing = database.prisma.$transaction(async (tx) => {
      await tx.activityLogEntry.create({ data: entry('a') });
      throw new Error('stop');
    });

    await expect(failing).rejects.toThrow('stop');
    expect(await database.prisma.activityLogEntry.count()).toBe(0);
  });

  it('keep other queries out of an open transaction', async () => {
    const failing = database.prisma.$transaction(async (tx) => {
      await tx.activityLogEntry.create({ data: entry('inside') });
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('stop');
    });
    const outside = database.prisma.activityLogEntry.create({ data: entry('outside') });

    await expect(failing).rejects.toThrow('stop');
    await outside;
    const names = (await database.prisma.activityLogEntry.findMany()).map((row) => row.name);
    expect(names).toEqual(['outside']);
  });

  it('reuse one connection', async () => {
    await database.prisma.activityLogEntry.count();
    const before = openConnections();

    for (let index = 0; index < 50; index += 1) {
      await database.prisma.$transaction(async (tx) => {
        await tx.activityLogEntry.create({ data: entry(`row ${index}`) });
      });
      await database.prisma.$transaction([database.prisma.activityLogEntry.count()]);
    }

    expect(await database.prisma.activityLogEntry.count()).toBe(50);
    expect(openConnections()).toBe(before);
  });
});
