import { readFileSync } from 'node:fs';

import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates values against schemas of the Jellyfin 10.11.0 OpenAPI extract in
 * ../fixtures. OpenAPI 3.0 schemas are not plain JSON Schema, so each one is
 * translated before ajv compiles it:
 *
 * - `nullable: true` becomes `anyOf: [<schema>, { type: 'null' }]`. This also
 *   covers `allOf`-wrapped enums, where ajv's own `nullable` keyword would need a
 *   `type` next to it.
 * - `#/components/schemas/X` references become `#/definitions/X` of one root
 *   document, so every schema can reference every other.
 *
 * `additionalProperties: false` is kept, so an extra field is an error.
 */

type SchemaObject = Record<string, unknown>;

const EXTRACT_URL = new URL('../fixtures/jellyfin-openapi-10.11-extract.json', import.meta.url);
const ROOT_ID = 'jellyfin-openapi-10.11-extract';
const COMPONENT_REF_PREFIX = '#/components/schemas/';

/** Keywords whose value is a map of property name to schema. */
const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set(['properties']);
/** Keywords whose value is a single schema (or, for additionalProperties, a boolean). */
const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set(['items', 'additionalProperties', 'not']);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS: ReadonlySet<string> = new Set(['allOf', 'anyOf', 'oneOf']);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Validates `value` against the named component schema, such as `TaskInfo`, and
 * returns one message per problem (`/Triggers/0 must NOT have additional
 * properties: SystemEvent`). An empty list means the value is valid. Throws for a
 * schema name the extract does not contain.
 */
export function validateAgainstSchema(schemaName: string, value: unknown): string[] {
  const validate = validatorFor(schemaName);
  if (validate(value)) {
    return [];
  }
  return (validate.errors ?? []).map(formatError);
}

function validatorFor(schemaName: string): ValidateFunction {
  const cached = validators.get(schemaName);
  if (cached !== undefined) {
    return cached;
  }

  const compiler = loadAjv();
  if (compiler.getSchema(`${ROOT_ID}#/definitions/${schemaName}`) === undefined) {
    throw new Error(`Schema ${JSON.stringify(schemaName)} is not in ${EXTRACT_URL.pathname}.`);
  }

  const validate = compiler.compile({ $ref: `${ROOT_ID}#/definitions/${schemaName}` });
  validators.set(schemaName, validate);
  return validate;
}

function loadAjv(): Ajv {
  if (ajv !== undefined) {
    return ajv;
  }

  const document = JSON.parse(readFileSync(EXTRACT_URL, 'utf8')) as { components: { schemas: SchemaObject } };
  const definitions = Object.fromEntries(
    Object.entries(document.components.schemas).map(([name, schema]) => [name, translateSchema(schema)]),
  );

  ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  // Jellyfin writes Guids in .NET's "N" format (32 hex digits, no dashes), which
  // ajv's standard uuid format rejects; both forms are accepted here.
  ajv.addFormat('uuid', /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i);
  ajv.addSchema({ $id: ROOT_ID, definitions }, ROOT_ID);
  return ajv;
}

/** Translates one OpenAPI 3.0 schema object, and every schema nested in it, to JSON Schema draft 7. */
function translateSchema(schema: unknown): unknown {
  if (!isSchemaObject(schema)) {
    return schema;
  }

  const translated: SchemaObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'nullable') {
      continue;
    }
    translated[keyword] = translateKeyword(keyword, value);
  }

  if (schema['nullable'] !== true) {
    return translated;
  }
  return { anyOf: [translated, { type: 'null' }] };
}

function translateKeyword(keyword: string, value: unknown): unknown {
  if (keyword === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF_PREFIX)) {
    return `#/definitions/${value.slice(COMPONENT_REF_PREFIX.length)}`;
  }
  if (SCHEMA_KEYWORDS.has(keyword)) {
    return translateSchema(value);
  }
  if (SCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
    return value.map(translateSchema);
  }
  if (SCHEMA_MAP_KEYWORDS.has(keyword) && isSchemaObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, translateSchema(schema)]));
  }
  return value;
}

function formatError(error: ErrorObject): string {
  const path = error.instancePath === '' ? '(root)' : error.instancePath;
  const additionalProperty: unknown = error.params['additionalProperty'];
  const suffix = typeof additionalProperty === 'string' ? `: ${additionalProperty}` : '';
  return `${path} ${error.message ?? error.keyword}${suffix}`;
}

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
