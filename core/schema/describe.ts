import type * as z from 'zod';

/**
 * Attaches a bilingual description to a schema. The description travels into the generated
 * JSON Schema, so editors show it as hover text: English first, then Simplified Chinese.
 */
export function describe<T extends z.ZodType>(schema: T, en: string, zh: string): T {
  return schema.meta({ description: `${en}\n\n${zh}` });
}
