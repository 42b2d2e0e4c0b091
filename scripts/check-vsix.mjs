// Checks that a .vsix holds only what the installed extension needs, and prints its file list and size.
// Reads the zip's central directory directly (no unzip dependency).
import * as fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/check-vsix.mjs <file.vsix>');
  process.exit(2);
}
const buf = fs.readFileSync(file);

/** Entries from the zip central directory: name and uncompressed size. */
function zipEntries(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`corrupt central directory at ${offset}`);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const allowed = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
  /^extension\/dist\/extension\.js$/,
  /^extension\/dist\/webview\/[A-Za-z]+\.js$/,
  /^extension\/dist\/webview\/uPlot\.min\.css$/,
  /^extension\/dist\/vendor\/[A-Za-z]+\.js$/,
  /^extension\/dist\/lazy\/[A-Za-z]+\.js$/,
  /^extension\/media\/(?!webview\/)(?!.*\.map$).+/,
  /^extension\/resources\/stack\/(?!.*(__pycache__|\.pyc$)).+/,
  /^extension\/package\.nls(\.[a-z]{2}(-[a-z]+)?)?\.json$/,
  /^extension\/l10n\/bundle\.l10n\.[a-z]{2}(-[a-z]+)?\.json$/,
];

// The translations: without package.nls*.json VS Code shows the contributions' %keys% instead of their texts.
const translations = [
  'extension/package.nls.json',
  'extension/package.nls.id.json',
  'extension/l10n/bundle.l10n.id.json',
  'extension/media/walkthrough/id/start-lab.md',
];
const untranslated = translations.filter((r) => !zipEntries(buf).some((e) => e.name === r));
if (untranslated.length) {
  console.error(`missing from the vsix: ${untranslated.join(', ')}`);
  process.exit(1);
}

const entries = zipEntries(buf);
const unexpected = entries.filter((e) => !allowed.some((re) => re.test(e.name)));
for (const e of entries) console.log(`${String(e.size).padStart(10)}  ${e.name}`);
console.log(`vsix: ${entries.length} files, ${(buf.length / 1024).toFixed(1)} KiB packed`);
const required = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/vendor/dockerode.js',
  'extension/dist/vendor/elasticsearch.js',
  'extension/dist/vendor/yaml.js',
  'extension/dist/vendor/ssh.js',
  'extension/dist/lazy/reportRender.js',
  'extension/dist/webview/securityEvents.js',
  'extension/dist/webview/systemMetrics.js',
  'extension/dist/webview/uPlot.min.css',
  'extension/media/panels.css',
];
const missing = required.filter((r) => !entries.some((e) => e.name === r));
if (unexpected.length || missing.length) {
  if (unexpected.length) console.error(`unexpected files in the vsix:\n  ${unexpected.map((e) => e.name).join('\n  ')}`);
  if (missing.length) console.error(`missing from the vsix: ${missing.join(', ')}`);
  process.exit(1);
}
console.log('vsix contents: ok');
