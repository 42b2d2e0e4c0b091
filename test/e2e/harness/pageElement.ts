/**
 * What the harness's in-page callbacks (locator.evaluate / evaluateAll) read of a DOM element. The tests compile
 * without the DOM library (they run in Node), so Playwright's HTMLElement parameter has no type here: a callback
 * names its parameter with this instead, and type-checked code stays typed.
 */
export interface PageElement {
  readonly classList: { contains(token: string): boolean };
  readonly children: { readonly length: number };
  getAttribute(name: string): string | null;
}
