import { describe, expect, it } from 'vitest';

import { JELLYFIN_TASK_TYPE_NAMES, computeTaskId } from '../src/task-id.ts';

/** Jellyfin 10.11's ids for these task Keys. */
const JELLYFIN_TASK_IDS: Record<string, string> = {
  RefreshLibrary: '7738148ffcd07979c7ceb148e06b3aed',
  RefreshChapterImages: '4e6637c832ed644d1af3370a2506e80a',
  RefreshTrickplayImages: '64f5f44cd30dc273cb9890205473bbcc',
  DeleteCacheFiles: '241d4fcb19a1d557ee62428e411da609',
  DeleteTranscodeFiles: '7d8088c10902f1bf4072ded42437bcfb',
  CleanLogFiles: '1c8ede62c521bea0bf851344f5b8ca40',
  CleanActivityLog: 'b461ef918ab28520928183e794350e3c',
  OptimizeDatabaseTask: '31de9ce83b9223d338c77b1a635e144b',
  PluginUpdates: 'f9b057c054e9e6daee4a88ffd146a403',
};

describe('computeTaskId', () => {
  it('matches the Jellyfin library scan id', () => {
    const id = computeTaskId('Emby.Server.Implementations.ScheduledTasks.Tasks.RefreshMediaLibraryTask');

    expect(id).toBe('7738148ffcd07979c7ceb148e06b3aed');
  });

  it('reverses the first three Guid fields', () => {
    // The MD5 of no bytes is d41d8cd9 8f00 b204 e9800998ecf8427e, and each of the first three groups is byte-reversed.
    expect(computeTaskId('')).toBe('d98c1dd4008f04b2e9800998ecf8427e');
  });

  it('hashes UTF-16LE, not UTF-8', () => {
    // "é" is one UTF-16 unit (e9 00) but two UTF-8 bytes, so a UTF-8 hash would give other ids.
    expect(computeTaskId('Tickwork.Tasks.Café')).not.toBe(computeTaskId('Tickwork.Tasks.Cafe'));
    expect(computeTaskId('Tickwork.Tasks.Café')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('prints 32 lowercase hex characters', () => {
    expect(computeTaskId('Tickwork.Tasks.CleanupRunHistory')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('JELLYFIN_TASK_TYPE_NAMES', () => {
  it('covers every known Jellyfin id', () => {
    expect(Object.keys(JELLYFIN_TASK_TYPE_NAMES).sort()).toEqual(Object.keys(JELLYFIN_TASK_IDS).sort());
  });

  for (const [key, expectedId] of Object.entries(JELLYFIN_TASK_IDS)) {
    it(`gives Jellyfin's id for ${key}`, () => {
      const typeName = (JELLYFIN_TASK_TYPE_NAMES as Record<string, string>)[key];

      expect(typeName).toBeDefined();
      expect(computeTaskId(typeName ?? '')).toBe(expectedId);
    });
  }
});
