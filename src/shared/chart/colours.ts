// Fixed colours for charts drawn outside a themed webview (the report's SVG files): one per scenario kind, and
// the series/threshold colours. The panels use the editor's theme variables instead.

export const SCENARIO_COLOURS: Record<string, string> = {
  'brute-force': '#d9534f',
  'error-burst': '#f0ad4e',
  'cpu-stress': '#5b8def',
  'memory-pressure': '#9b59b6',
};

export const CHART_COLOURS = {
  series: '#1f6feb',
  bars: '#c0392b',
  threshold: '#b00020',
  axis: '#555555',
  grid: '#e3e3e3',
  text: '#222222',
  fallbackBand: '#888888',
} as const;

export function scenarioColour(kind: string): string {
  return SCENARIO_COLOURS[kind] ?? CHART_COLOURS.fallbackBand;
}
