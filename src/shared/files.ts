/**
 * The files DB Pulse diagnoses, as glob patterns. The client uses them for its
 * document selector and file watchers; the manifest's activation events list the
 * same names (test/unit/manifest.test.ts keeps the two in step).
 */
export const CONFIG_FILE_GLOBS = [
  '**/.env',
  '**/.env.*',
  '**/docker-compose*.yml',
  '**/docker-compose*.yaml',
  '**/compose*.yml',
  '**/compose*.yaml',
  '**/*.prisma',
  '**/supabase/config.toml',
  '**/firebase.json',
  '**/ormconfig.json',
  '**/ormconfig.yml',
  '**/ormconfig.yaml',
  '**/config/config.json',
  '**/config/database.yml',
  '**/application*.properties',
  '**/application*.yml',
  '**/application*.yaml',
  '**/appsettings*.json',
  // Service-account keys can have any name: the server looks inside JSON files.
  '**/*.json',
] as const;

/** Files whose change affects other files' findings (ignore rules, references). */
export const WATCHED_SUPPORT_GLOBS = ['**/.gitignore', '**/.env*', '**/*.prisma'] as const;
