// Chart colours by role: what a mark means (CPU, memory, a rule's threshold…), not which colour it is. The panels
// map roles to the editor's theme variables (light, dark and high contrast follow the theme); the report, a static
// file opened anywhere, maps the same roles to fixed colours. A scenario run's band takes its kind's colour from the
// kind's descriptor (src/core/scenarios/catalog.ts: a theme tone in the panels via media/panels.css' marker-<kind>
// rules, a fixed colour in the report); 'band' is the colour of a kind no descriptor knows.

export type SeriesRole = 'cpu' | 'memory' | 'events' | 'series';
export type MarkRole = 'threshold' | 'clear' | 'alert' | 'focus';
export type FrameRole = 'axis' | 'grid' | 'text' | 'background' | 'border';
export type ColourRole = SeriesRole | MarkRole | FrameRole | 'band';

/**
 * The theme variable of each role, with the variables read when the first is missing (older themes, or a colour
 * a theme kind leaves unset). Every role resolves in all four kinds: light, dark, high contrast dark and light.
 * Not --vscode-charts-orange for lines: it is the find-match highlight (translucent, #EA5C0055, in light and
 * dark) and unset in both high-contrast themes, so a threshold drawn with it was faint in light and fell back
 * to a fixed colour in high contrast. --vscode-contrastBorder and --vscode-contrastActiveBorder are set by
 * high-contrast themes only: frames and bands use them there.
 */
export const THEME_VARIABLES: Record<ColourRole, readonly string[]> = {
  cpu: ['--vscode-charts-blue'],
  memory: ['--vscode-charts-purple'],
  events: ['--vscode-charts-red'],
  series: ['--vscode-charts-green'],
  threshold: ['--vscode-editorWarning-foreground', '--vscode-charts-yellow'],
  clear: ['--vscode-charts-green'],
  alert: ['--vscode-charts-red', '--vscode-errorForeground'],
  focus: ['--vscode-editor-findRangeHighlightBackground', '--vscode-charts-yellow'],
  axis: ['--vscode-descriptionForeground', '--vscode-editor-foreground'],
  grid: ['--vscode-charts-lines', '--vscode-editorWidget-border'],
  text: ['--vscode-editor-foreground', '--vscode-foreground'],
  background: ['--vscode-editor-background'],
  border: ['--vscode-contrastBorder', '--vscode-panel-border'],
  band: ['--vscode-charts-orange', '--vscode-contrastActiveBorder', '--vscode-editorWarning-foreground'],
};

/** Fixed colours for charts drawn outside a themed page (the report's SVG files, printed or opened anywhere). */
export const STATIC_COLOURS: Record<ColourRole, string> = {
  cpu: '#1f6feb',
  memory: '#8250df',
  events: '#c0392b',
  series: '#1f883d',
  threshold: '#b00020',
  clear: '#9a6700',
  alert: '#b00020',
  focus: '#f0ad4e',
  axis: '#555555',
  grid: '#e3e3e3',
  text: '#222222',
  background: '#ffffff',
  border: '#888888',
  band: '#888888',
};

/** Reads a role's colour through `lookup` (a page's getComputedStyle), falling back to the static colour. */
export function resolveColour(role: ColourRole, lookup: (variable: string) => string): string {
  for (const variable of THEME_VARIABLES[role]) {
    const value = lookup(variable).trim();
    if (value) return value;
  }
  return STATIC_COLOURS[role];
}
