// Text for numbers and times in the panels. Pure, so the webview and the tests agree on every label.

/** "12.3 %" (one decimal under 10, none above); "–" for a missing value. */
export function formatPercent(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toString()} %`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** "512 MiB", "1.5 GiB"; "–" for a missing or negative value. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local wall-clock time with milliseconds ("14:03:07.123"): attacks happen within seconds. */
export function formatClock(unixMs: number): string {
  if (!Number.isFinite(unixMs)) return '–';
  const d = new Date(unixMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "14:03:07" (no milliseconds), for axis ends and marker ranges. */
export function formatShortClock(unixMs: number): string {
  return formatClock(unixMs).slice(0, 8);
}
