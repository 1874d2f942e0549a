import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const FILE_NAME = 'server-id';

/** Reads the server id from the data directory, creating it on first start. */
export async function loadServerId(dataDir: string): Promise<string> {
  const file = path.join(dataDir, FILE_NAME);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{32}$/.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = randomBytes(16).toString('hex');
  await writeFile(file, `${id}\n`);
  return id;
}
