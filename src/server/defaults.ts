// Constants the CLI needs without loading the whole server (its command table is loaded on every run).
export const DEFAULT_PORT = 18427;
