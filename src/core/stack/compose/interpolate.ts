// Variable interpolation as Compose does it, in every string value of the file:
import { t } from '../../l10n';
//   $VAR ${VAR}          value ('' when unset)
//   ${VAR:-default}      default when VAR is unset or empty      ${VAR-default}  only when unset
//   ${VAR:?message}      error when VAR is unset or empty        ${VAR?message}  only when unset
//   ${VAR:+replacement}  replacement when VAR is set and not empty; ${VAR+replacement} when set
//   $$                   a literal $
// Defaults, messages and replacements may themselves contain interpolations (${A:-${B}}).

export type Lookup = (name: string) => string | undefined;

export class InterpolationError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(text: string, lookup: Lookup): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close < 0) throw new InterpolationError(t('invalid interpolation "{0}": missing "}"', text.slice(dollar)));
      out += expandBraced(text.slice(dollar + 2, close), lookup);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (!name) throw new InterpolationError(t('invalid interpolation in "{0}": a "$" must start a variable; write "$$" for a literal "$"', text));
      out += lookup(name) ?? '';
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

/** Index of the "}" closing a "${" whose body starts at `from`, skipping nested "${...}". */
function matchingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function expandBraced(body: string, lookup: Lookup): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new InterpolationError(t('invalid interpolation "{0}": expected a variable name', `\${${body}}`));
  const rest = body.slice(name.length);
  const value = lookup(name);
  if (rest === '') return value ?? '';
  const colon = rest.startsWith(':');
  const operator = rest[colon ? 1 : 0];
  const argument = rest.slice(colon ? 2 : 1);
  // With ":" an empty value counts as unset, as in the shell.
  const missing = value === undefined || (colon && value === '');
  switch (operator) {
    case '-':
      return missing ? interpolate(argument, lookup) : (value as string);
    case '?':
      if (missing) {
        const message = interpolate(argument, lookup);
        throw new InterpolationError(
          message ? t('required variable {0} is missing a value: {1}', name, message) : t('required variable {0} is missing a value', name),
        );
      }
      return value as string;
    case '+':
      return missing ? '' : interpolate(argument, lookup);
    default:
      throw new InterpolationError(t('invalid interpolation "{0}": unknown operator after {1}', `\${${body}}`, name));
  }
}
