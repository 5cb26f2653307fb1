/* Helpers shared by the library's translation units; not part of the ABI. */
#ifndef FC_INTERNAL_H
#define FC_INTERNAL_H

#include "fastchat.h"

/* Records a printf-style message as this thread's last error and returns status. */
fc_status fc_set_error(fc_status status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Clears this thread's last error (called at the start of fallible entry points). */
void fc_clear_error(void);

#endif
