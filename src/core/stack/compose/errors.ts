/** A problem with the compose file: its message names the key path (e.g. services.app.cap_add). */
export class ComposeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `The compose file has ${problems.length} problems:\n- ${problems.join('\n- ')}`);
    this.name = 'ComposeError';
  }
}
