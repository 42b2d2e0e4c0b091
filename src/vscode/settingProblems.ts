// Which settings problems the user has been told about: each one once (settings are read before every
// operation), again only if it changes, and forgotten once the setting is valid. No 'vscode' here: unit-tested.

export interface CheckedSetting {
  /** The setting's id as in package.json. */
  id: string;
  /** Why its value was rejected (naming the default used); undefined when valid. */
  problem?: string;
}

export class SettingProblemReporter {
  private readonly told = new Map<string, string>();

  constructor(private readonly show: (id: string, problem: string) => void) {}

  /** Shows the problems not shown yet; forgets the settings that are valid again. */
  update(checked: Iterable<CheckedSetting>): void {
    for (const { id, problem } of checked) {
      if (problem === undefined) {
        this.told.delete(id);
      } else if (this.told.get(id) !== problem) {
        this.told.set(id, problem);
        this.show(id, problem);
      }
    }
  }
}
