// Parsers for Compose's short syntaxes (ports, volumes, durations, sizes, command strings).
// Each throws a plain Error; the loader prefixes the key path.
import type { MountSpec, PortSpec } from './model';
import { t } from '../../l10n';
import { defined } from '../../../shared/defined';

/** "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"; IPv6 host addresses in brackets. Ranges are not supported. */
export function parsePortShort(text: string): PortSpec {
  let rest = text.trim();
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = parseProtocol(rest.slice(slash + 1));
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2] as string;
  }
  const parts = rest.split(':');
  if (!hostIp && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || parts.some((p) => p === '')) throw new Error(t('"{0}" is not a port mapping like "127.0.0.1:8088:8080"', text));
  const target = parsePortNumber(parts[parts.length - 1] as string, text);
  const published = parts.length === 2 ? parsePortNumber(parts[0] as string, text) : undefined;
  return { target, protocol, ...defined({ published }), ...(hostIp ? { hostIp } : {}) };
}

export function parsePortNumber(value: string | number, context: string): number {
  const text = String(value).trim();
  if (text.includes('-')) throw new Error(t('port ranges are not supported ("{0}")', context));
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(t('"{0}" is not a port number (in "{1}")', text, context));
  return port;
}

export function parseProtocol(value: string): 'tcp' | 'udp' {
  if (value === 'tcp' || value === 'udp') return value;
  throw new Error(t('protocol "{0}" is not supported (tcp or udp)', value));
}

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/**
 * "SOURCE:TARGET[:MODE]" or "TARGET". A source that is a path (".", "/", "~" or a Windows drive like "C:\")
 * is a bind mount; otherwise it names a volume. The drive letter's colon is not a separator.
 */
export function parseVolumeShort(text: string): MountSpec {
  const drive = WINDOWS_DRIVE.test(text) ? text.slice(0, 2) : '';
  const parts = text.slice(drive.length).split(':');
  parts[0] = drive + parts[0];
  if (parts.length === 1) return { type: 'anonymous', target: requireAbsoluteTarget(parts[0] as string, text), readOnly: false };
  if (parts.length > 3) throw new Error(t('"{0}" is not a volume like "name:/path[:ro]"', text));
  const [source, target, mode = 'rw'] = parts as [string, string, string?];
  const readOnly = parseMode(mode, text);
  const isPath = /^[./~]/.test(source) || WINDOWS_DRIVE.test(source) || source.startsWith('\\\\');
  return { type: isPath ? 'bind' : 'volume', source, target: requireAbsoluteTarget(target, text), readOnly };
}

function parseMode(mode: string, text: string): boolean {
  const flags = mode.split(',');
  for (const flag of flags) {
    if (!['ro', 'rw', 'z', 'Z'].includes(flag)) throw new Error(t('volume mode "{0}" is not supported (in "{1}"; use ro or rw)', flag, text));
  }
  return flags.includes('ro');
}

function requireAbsoluteTarget(target: string, text: string): string {
  if (!target.startsWith('/')) throw new Error(t('the container path "{0}" must be absolute (in "{1}")', target, text));
  return target;
}

/** Go-style durations as Compose writes them: "1m30s", "500ms", "2s", "1h". Returns seconds. */
export function parseDurationSeconds(text: string): number {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    total += Number(match[1]) * (units[match[2] as string] as number);
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) throw new Error(t('"{0}" is not a duration like "5s" or "1m30s"', text));
  return total;
}

/** "512m", "1g", "1024k", "100000" (bytes). Binary units, as Docker reads them. */
export function parseByteSize(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(String(value).trim());
  if (!match) throw new Error(t('"{0}" is not a size like "512m" or "1g"', String(value)));
  const factor = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] as string).toLowerCase()] as number;
  return Math.round(Number(match[1]) * factor);
}

/** Splits a command string as a POSIX shell would split words (quotes and backslashes; no expansion). */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(t('unterminated {0} quote in "{1}"', quote, text));
  if (inWord) words.push(word);
  return words;
}
