/** What the extension contributes, as the UI tests expect to see it. */
export const EXTENSION_ID = 'monitoring-lab.monitoring-lab';
export const CONTAINER_TITLE = 'Monitoring Lab';
export const STACK_VIEW = 'Stack';
export const WELCOME_START = 'The lab is not running.';
export const START_BUTTON = 'Start Monitoring Lab';
export const START_COMMAND_TITLE = 'Monitoring Lab: Start Monitoring Lab';
