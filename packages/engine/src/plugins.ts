import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { EngineLogger } from './logger.ts';
import { defineTask } from './task-definition.ts';
import type { TaskDefinition, TaskDefinitionInput } from './task-definition.ts';

/** A plugin's name and version, from its optional `plugin` export; the update check compares them. */
export interface InstalledPlugin {
  name: string;
  version: string;
}

export interface LoadedPlugin {
  file: string;
  tasks: TaskDefinition[];
  info?: InstalledPlugin;
}

/** Task keys named in a plugin's log line. */
const LOGGED_TASK_KEYS = 20;

/**
 * Loads task definitions from every .js and .mjs file in a folder (not its
 * subfolders), in name order. A file's default export is one definition or
 * an array of them. An optional `export const plugin = { name, version }`
 * names the plugin for the update check. A file that fails to load or contains
 * an invalid definition is logged and skipped; it never stops the server.
 */
export async function loadPluginTasks(folder: string, logger: EngineLogger): Promise<LoadedPlugin[]> {
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && /\.(m?js)$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      logger.debug({ folder }, 'No plugin folder; no plugin tasks loaded');
      return [];
    }
    logger.error({ err: error, folder }, 'Failed to read the plugin folder; no plugin tasks loaded');
    return [];
  }

  const plugins: LoadedPlugin[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    try {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown; plugin?: unknown };
      if (module.default === undefined) {
        throw new Error('the module has no default export; export a task definition or an array of them');
      }
      const inputs = Array.isArray(module.default) ? module.default : [module.default];
      const tasks = inputs.map((input) => defineTask(input as TaskDefinitionInput));
      plugins.push({ file, tasks, info: pluginInfoOf(module.plugin) });
      const keys = tasks.map((task) => task.key);
      // A generated plugin can register thousands of tasks; the log line names the first few.
      logger.info({ file, taskCount: keys.length, tasks: keys.slice(0, LOGGED_TASK_KEYS) }, 'Loaded plugin');
    } catch (error) {
      logger.error({ err: error, file }, 'Failed to load plugin; skipped');
    }
  }
  return plugins;
}

function pluginInfoOf(value: unknown): InstalledPlugin | undefined {
  if (value === undefined) return undefined;
  const info = value as Partial<InstalledPlugin>;
  if (typeof info?.name !== 'string' || info.name === '' || typeof info.version !== 'string' || info.version === '') {
    throw new Error(`the "plugin" export must be { name: string, version: string }, not ${JSON.stringify(value)}`);
  }
  return { name: info.name, version: info.version };
}
