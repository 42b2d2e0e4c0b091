// The CLI's language: `--lang en|id` wins, else the locale of the environment as POSIX orders it (LC_ALL, then
// LC_MESSAGES, then LANG), else English. Chosen before the arguments are parsed, so that even a usage error is
// written in the chosen language.
import { type Language, isLanguage, resolveLanguage } from '../core/l10n';

export interface CliLanguage {
  language: Language;
  /** One line for stderr when `--lang` named a language the CLI does not have (then English is used). */
  warning?: string;
}

/** The value of `--lang` (`--lang id` or `--lang=id`), the last one given; undefined without one. */
function langFlag(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
    else if (arg === '--lang' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) value = argv[++i];
  }
  return value;
}

export function chooseCliLanguage(argv: readonly string[], env: Record<string, string | undefined>): CliLanguage {
  const flag = langFlag(argv);
  if (flag !== undefined) {
    const wanted = flag.trim().toLowerCase();
    if (isLanguage(wanted)) return { language: wanted };
    // In English on purpose: whoever asked for a language the CLI does not have may not read Indonesian either.
    return { language: 'en', warning: `monitoring-lab: warning: unknown language "${flag}" for --lang (en or id); using English` };
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '');
  return { language: resolveLanguage('auto', locale) };
}
