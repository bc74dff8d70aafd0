/** The current UTC time as ISO-8601 text, computed by SQLite so one statement stamps rows consistently. */
export const SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
