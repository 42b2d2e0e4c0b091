// Fixed colours for charts drawn outside a themed webview (the report's SVG files): the series/threshold colours.
// Each scenario kind's colour is its descriptor's (src/core/scenarios/catalog.ts, scenarioColour); fallbackBand is
// for a kind no descriptor knows. The panels use the editor's theme variables instead.

export const CHART_COLOURS = {
  series: '#1f6feb',
  bars: '#c0392b',
  threshold: '#b00020',
  axis: '#555555',
  grid: '#e3e3e3',
  text: '#222222',
  fallbackBand: '#888888',
} as const;
