import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm');

type WasmExports = Record<string, unknown>;

/** The part of the WebAssembly global used here; @types/node for Node 20 does not declare it. */
const wasm = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: Record<string, unknown>) => { exports: WasmExports };
  };
}).WebAssembly;

let loaded: Promise<SchemaEngineModule> | undefined;

/**
 * Loads Prisma's WebAssembly schema engine. The Prisma CLI would download a
 * native engine binary, which is not reachable everywhere; the WASM build
 * ships inside its npm package. Its .wasm file cannot be imported as an ES
 * module by Node, so it is instantiated by hand against the JS glue module.
 */
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loaded ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as SchemaEngineModule & {
      __wbg_set_wasm(exports: WasmExports): void;
    };
    const wasmPath = gluePath.replace(/schema_engine_bg\.js$/, 'schema_engine_bg.wasm');
    const module = new wasm.Module(readFileSync(wasmPath));
    const instance = new wasm.Instance(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })();
  return loaded;
}

export interface SchemaEngineLogLine {
  level: string;
  message: string;
}

/** Starts a schema engine over a driver adapter; the caller must call free() on it. */
export async function openSchemaEngine(
  schemaPath: string,
  schemaContent: string,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  onLog: (line: SchemaEngineLogLine) => void = () => {},
): Promise<SchemaEngine> {
  process.env.CHECKPOINT_DISABLE ??= '1';
  const engineModule = await loadSchemaEngineModule();

  return engineModule.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaContent]] },
    (raw: string) => {
      try {
        const parsed = JSON.parse(raw) as { level?: string; fields?: { message?: string } };
        onLog({ level: parsed.level ?? 'INFO', message: parsed.fields?.message ?? raw });
      } catch {
        onLog({ level: 'INFO', message: raw });
      }
    },
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

export const noSchemaFilter = { externalTables: [], externalEnums: [] };
