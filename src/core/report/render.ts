// The report's renderers: the document model, Markdown, self-contained HTML and the SVG charts, with the report's
// sentences in both languages. Pure functions of the model (no I/O, no module state), so the extension builds them
// into a bundle of their own (dist/lazy/reportRender.js, see scripts/build-config.mjs) that writer.ts loads when the
// first report is written: they are a large part of the extension's code and activation never needs them.
export { buildDocument, type RenderOptions } from './document';
export { renderHtml } from './html';
export { renderBlocksMarkdown } from './markdown';
