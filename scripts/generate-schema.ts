// Writes playbooks/flywheel.schema.json from the zod schemas (`npm run schema`).
import { writeFileSync } from 'node:fs';
import { generateJsonSchema } from '../core/schema/index';

const target = new URL('../playbooks/flywheel.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(generateJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
