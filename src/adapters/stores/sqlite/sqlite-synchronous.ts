/** SQLite `synchronous` levels: FULL syncs the WAL at every commit (a committed batch survives power loss). */
export const SQLITE_SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS)[number];
