import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEMBER_TEMPLATE_PATH, memberTemplateText } from './member-template.js';

/**
 * `npm run member-template`: writes `deploy/member.yml` from `serverless.yml` (run it after
 * changing the Lambda role's statements or the ECS event patterns, and commit the result).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, MEMBER_TEMPLATE_PATH);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, memberTemplateText(readFileSync(join(root, 'serverless.yml'), 'utf8')));
console.log(`wrote ${MEMBER_TEMPLATE_PATH}`);
