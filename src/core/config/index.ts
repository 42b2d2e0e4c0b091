// Monitoring Lab configuration: one typed object for src/core, one module of defaults for the editor and the CLI.
export * from './labConfig';
export * from './services';
export * from './defaults';
export * from './createLabConfig';
export * from './composeVariables';
export * from './dotenv';
export * from './numberSetting';
export * from './exposure';
export * from './settingsSchema';
