#include "fc_profile.h"

atomic_int fc_profile_enabled;
atomic_uint_fast64_t fc_profile_ns;
atomic_uint_fast64_t fc_profile_calls;

void fc_profile_enable(int32_t enabled) { atomic_store(&fc_profile_enabled, enabled != 0); }

void fc_profile_read(uint64_t *nanoseconds, uint64_t *calls) {
    if (nanoseconds) *nanoseconds = atomic_load(&fc_profile_ns);
    if (calls) *calls = atomic_load(&fc_profile_calls);
}

void fc_profile_reset(void) {
    atomic_store(&fc_profile_ns, 0);
    atomic_store(&fc_profile_calls, 0);
}
