// The one chart model shared by the panels' time-series charts (media/webview/common/timeChart.ts) and the
// report's SVG charts (src/core/report/charts.ts): windows, scales, gaps, bands, thresholds, alert markers and
// colour roles. Pure: no editor, no DOM, no Node.
export * from './windows';
export * from './scales';
export * from './series';
export * from './annotations';
export * from './colours';
