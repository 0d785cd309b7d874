#ifndef MOTCUA_SQLITE_TUNING_H
#define MOTCUA_SQLITE_TUNING_H

/// Process-wide SQLite settings that must be made before SQLite initializes
/// (sqlite3_config is variadic, so Swift cannot call it). Returns SQLite's result code
/// of the first refused setting, or 0.
int motcua_sqlite_tune(void);

#endif
