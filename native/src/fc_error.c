/* Thread-local last-error message: the C ABI's substitute for exceptions. */
#include "fc_internal.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[512];

fc_status fc_set_error(fc_status status, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(last_error, sizeof last_error, format, args);
    va_end(args);
    return status;
}

void fc_clear_error(void) { last_error[0] = '\0'; }

const char *fc_last_error(void) { return last_error; }
