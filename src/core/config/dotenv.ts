// The lab directory's .env: read by us and by `docker compose` run in that folder, so the format is the
// subset both agree on: KEY=VALUE lines, # comments, optional `export`, values bare or quoted.
import * as fs from 'node:fs';

export function parseDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match as unknown as [string, string, string];
    vars[key] = unquote(rest);
  }
  return vars;
}

function unquote(value: string): string {
  if (value.startsWith("'")) {
    const end = value.indexOf("'", 1);
    return end > 0 ? value.slice(1, end) : value.slice(1);
  }
  if (value.startsWith('"')) {
    let out = '';
    for (let i = 1; i < value.length; i++) {
      const c = value[i];
      if (c === '"') break;
      if (c === '\\' && i + 1 < value.length) {
        const next = value[++i];
        out += next === 'n' ? '\n' : next;
      } else out += c;
    }
    return out;
  }
  // Unquoted: an inline comment starts at " #".
  const hash = value.search(/\s#/);
  return (hash >= 0 ? value.slice(0, hash) : value).trim();
}

/** Bare when safe; single-quoted (literal for compose: no interpolation of `$`) otherwise. */
export function formatDotEnv(vars: Record<string, string>, header?: string): string {
  const lines = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [key, value] of Object.entries(vars)) {
    if (/[\r\n]/.test(value) || (value.includes("'") && !/^[\w.,:/@+=-]*$/.test(value))) {
      throw new Error(`cannot write ${key} to .env: its value contains a line break or a single quote`);
    }
    lines.push(`${key}=${/^[\w.,:/@+=-]*$/.test(value) ? value : `'${value}'`}`);
  }
  return `${lines.join('\n')}\n`;
}

export function readDotEnvFile(file: string): Record<string, string> {
  try {
    return parseDotEnv(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** Writes owner-only (0600): the file holds the lab's secrets. chmod too, since `mode` applies only on creation. */
export function writeDotEnvFile(file: string, vars: Record<string, string>, header?: string): void {
  fs.writeFileSync(file, formatDotEnv(vars, header), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
