/** A database handle that can load extensions: better-sqlite3's or libsql's Database. */
export interface ExtensionLoader {
  loadExtension(path: string, entryPoint?: string): unknown;
}
/** Loads the bundled authtoken extension into db. */
export function load(db: ExtensionLoader): void;
/** The absolute path of the bundled library (authtoken.so). */
export function path(): string;
/** Same as path() (sqlite-vec's name for it). */
export function getLoadablePath(): string;
