import { t } from '../../l10n';

/** A problem with the compose file: its message names the key path (e.g. services.app.cap_add). */
export class ComposeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : t('The compose file has {0} problems:\n- {1}', problems.length, problems.join('\n- ')));
    this.name = 'ComposeError';
  }
}
