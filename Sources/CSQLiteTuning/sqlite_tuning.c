#include <sqlite3.h>
#include "sqlite_tuning.h"

int motcua_sqlite_tune(void) {
    // Memory statistics take a global mutex on every allocation; motcua never reads them.
    int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (rc != SQLITE_OK) return rc;
    // Larger lookaside slots per connection: the writer's statements allocate many small
    // records (bound values, cursors) that then come from the connection's own pool.
    rc = sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 1200, 500);
    return rc;
}
