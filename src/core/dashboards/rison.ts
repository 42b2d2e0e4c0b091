// Rison, the URL-friendly JSON that Kibana's app state (_g, _a) is written in. Only encoding is needed, for
// the values deep links use: objects, arrays, strings, finite numbers, booleans and null.

export type RisonValue = string | number | boolean | null | RisonValue[] | { [key: string]: RisonValue };

// Strings made only of these characters (and not starting with a digit or '-') need no quotes.
const BARE = /^[A-Za-z_./~][A-Za-z0-9_./~-]*$/;

export function encodeRison(value: RisonValue): string {
  if (value === null) return '!n';
  if (value === true) return '!t';
  if (value === false) return '!f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`rison cannot encode ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return encodeString(value);
  if (Array.isArray(value)) return `!(${value.map(encodeRison).join(',')})`;
  const entries = Object.entries(value).map(([k, v]) => `${encodeString(k)}:${encodeRison(v)}`);
  return `(${entries.join(',')})`;
}

function encodeString(s: string): string {
  if (BARE.test(s)) return s;
  // Inside quotes, ! escapes itself and the quote.
  return `'${s.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
}

/**
 * Percent-encodes a rison string for a URL query value, leaving rison's own punctuation readable as Kibana
 * writes it (Kibana decodes either form).
 */
export function risonQueryValue(value: RisonValue): string {
  return encodeURIComponent(encodeRison(value)).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%40/g, '@');
}
