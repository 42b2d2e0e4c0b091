// Renders the settings schema (src/core/config/settingsSchema.ts) into package.json's contributes.configuration
// (texts as %key% references) and package.nls.json's English config.* texts; package.nls.id.json must then
// translate every new or changed key (the unit test test/unit/packageNls.test.ts names them).
// Usage: npm run build:tests && node scripts/render-configuration.mjs
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const schema = require('../out/src/core/config/settingsSchema.js');
const write = (file, value) => fs.writeFileSync(new URL(`../${file}`, import.meta.url), `${JSON.stringify(value, null, 2)}\n`);
const read = (file) => JSON.parse(fs.readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));

const pkg = read('package.json');
pkg.contributes.configuration = schema.configurationContribution();
write('package.json', pkg);

const nls = read('package.nls.json');
const kept = Object.entries(nls).filter(([key]) => !key.startsWith(schema.CONFIGURATION_NLS_PREFIX));
write('package.nls.json', Object.fromEntries([...kept, ...Object.entries(schema.configurationNls())]));
