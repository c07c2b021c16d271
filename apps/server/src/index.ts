export { type AppOptions, createApp } from './app.ts';
export { loadMods } from './load-mods.ts';
export { helloWorkflow } from './seed.ts';
export { type PatternServer, type StartServerOptions, startServer, VERSION } from './server.ts';
export { type ConfigFile, DEFAULT_MODS, loadSettings, resolveSettings, type Settings, SettingsError } from './settings.ts';
