import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';

/** Fails with the validator's findings unless `document` is a valid OpenAPI 3.1 document. */
export async function assertValidOpenApi(document: unknown, label: string): Promise<void> {
  const result = await new Validator().validate(document as Record<string, unknown>);
  assert.equal(
    result.valid,
    true,
    `${label}: ${JSON.stringify(result.errors, null, 1)?.slice(0, 3000)}`,
  );
}
