// Generates both Prisma clients (SQLite and PostgreSQL) into packages/db/generated.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { schemaFile } from '../src/migration-files.ts';
import { composeSchema } from '../src/schema-compose.ts';
import type { DatabaseProvider } from '../src/provider.ts';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const generatedRoot = new URL('../generated/', import.meta.url);

/** The generated code that decodes the query compiler from a base64 string module. */
const BASE64_LOADER = /const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)\s*\n\s*return await decodeBase64AsWasm\(wasm\)/;

/**
 * Writes the query compiler as a .wasm file beside the generated client and
 * makes the client read that file. The generated client imports it as a
 * module holding a 4 MB base64 string; V8 keeps that module's source text
 * and the string for the life of the process, about 8 MiB of heap.
 */
async function extractQueryCompiler(provider: DatabaseProvider): Promise<void> {
  const classFile = new URL(`${provider === 'sqlite' ? 'sqlite' : 'postgres'}/internal/class.ts`, generatedRoot);
  const source = readFileSync(classFile, 'utf8');
  const loader = BASE64_LOADER.exec(source);
  if (loader === null) {
    console.error(
      `${classFile.pathname} has no base64 query compiler import; Prisma's generated code changed. Update BASE64_LOADER in packages/db/scripts/generate.ts.`,
    );
    process.exit(1);
  }
  const { wasm } = (await import(loader[1] as string)) as { wasm: string };
  const wasmFile = new URL('../query-compiler.wasm', classFile);
  writeFileSync(wasmFile, Buffer.from(wasm, 'base64'));
  const reader = [
    "const { readFile } = await import('node:fs/promises')",
    "    return new WebAssembly.Module(await readFile(new URL('../query-compiler.wasm', import.meta.url)))",
  ].join('\n');
  writeFileSync(classFile, source.replace(loader[0], reader));
  console.log(`Wrote ${path.relative(process.cwd(), wasmFile.pathname)}`);
}

for (const provider of ['sqlite', 'postgresql'] as DatabaseProvider[]) {
  const file = schemaFile(provider);
  if (readFileSync(file, 'utf8') !== composeSchema(provider)) {
    console.error(`${file} is out of date with prisma/models.prisma. Run: pnpm db:migration compose`);
    process.exit(1);
  }

  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      // `prisma generate` looks for a schema-engine binary and would try to
      // download one, but never runs it; any existing file satisfies the check.
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    },
  });
  await extractQueryCompiler(provider);
}
