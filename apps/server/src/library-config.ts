import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import type { Library } from '@tickwork/engine';

import { ConfigError } from './config-error.ts';

/** Name of the optional JSON file in the data folder. */
export const CONFIG_FILE_NAME = 'config.json';

const librarySchema = z
  .object({
    name: z.string().trim().min(1, { error: 'must be a non-empty string' }),
    paths: z.array(z.string().trim().min(1, { error: 'must be a non-empty string' })).min(1, { error: 'must list at least one folder' }),
  })
  .strict();

const fileSchema = z
  .object({
    libraries: z.array(librarySchema).optional(),
  })
  .strict();

/** The setting the libraries come from: the environment variable when it is set, else the file. */
export type LibrarySource = { kind: 'environment'; variable: 'TICKWORK_LIBRARY_PATHS' } | { kind: 'file'; path: string };

export function librarySourceOf(env: NodeJS.ProcessEnv, dataDir: string): LibrarySource {
  const variable = env.TICKWORK_LIBRARY_PATHS;
  if (variable !== undefined && variable.trim() !== '') return { kind: 'environment', variable: 'TICKWORK_LIBRARY_PATHS' };
  return { kind: 'file', path: path.join(dataDir, CONFIG_FILE_NAME) };
}

/**
 * Reads the libraries: from TICKWORK_LIBRARY_PATHS when it is set (folders
 * separated by `path.delimiter`, each a library named after its folder),
 * else from the `libraries` section of `<data>/config.json`, else none.
 * Relative paths resolve against `baseDir` for the variable and against the
 * data folder for the file. Throws a ConfigError that names the setting.
 */
export function loadLibraries(env: NodeJS.ProcessEnv, baseDir: string, dataDir: string): Library[] {
  const variable = env.TICKWORK_LIBRARY_PATHS;
  if (variable !== undefined && variable.trim() !== '') return librariesFromVariable(variable, baseDir);

  const file = path.join(dataDir, CONFIG_FILE_NAME);
  const content = readOptionalFile(file);
  if (content === undefined) return [];

  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${file} is not valid JSON: ${(error as Error).message}. Fix the file or remove it.`);
  }
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${file}: ${formatPath(issue.path)} ${issue.message}.`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }

  const libraries = (parsed.data.libraries ?? []).map((library) => ({
    name: library.name,
    paths: library.paths.map((folder) => path.resolve(dataDir, folder)),
  }));
  const seen = new Set<string>();
  for (const [index, library] of libraries.entries()) {
    const key = library.name.toLowerCase();
    if (seen.has(key)) {
      throw new ConfigError(
        `Invalid configuration:\n  ${file}: libraries[${index}].name ${JSON.stringify(library.name)} is used by another library; give each library its own name.`,
      );
    }
    seen.add(key);
  }
  return libraries;
}

function librariesFromVariable(value: string, baseDir: string): Library[] {
  const folders = value
    .split(path.delimiter)
    .map((folder) => folder.trim())
    .filter((folder) => folder !== '')
    .map((folder) => path.resolve(baseDir, folder));
  const names = new Map<string, number>();
  return folders.map((folder) => {
    const base = path.basename(folder) || folder;
    const count = (names.get(base.toLowerCase()) ?? 0) + 1;
    names.set(base.toLowerCase(), count);
    return { name: count === 1 ? base : `${base} (${count})`, paths: [folder] };
  });
}

function readOptionalFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`Invalid configuration:\n  ${file} cannot be read: ${(error as Error).message}.`);
  }
}

function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  return segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('') || '(top level)';
}
