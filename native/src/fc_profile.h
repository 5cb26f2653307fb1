/* Kernel-time accounting (fc_profile_* in fastchat.h): entry points add the wall time they spend on the
 * calling thread, so a caller can split a forward pass into time in kernels and time outside them. Costs
 * one relaxed load per call while disabled. */
#ifndef FC_PROFILE_H
#define FC_PROFILE_H

#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "fastchat.h"

extern atomic_int fc_profile_enabled;
extern atomic_uint_fast64_t fc_profile_ns;
extern atomic_uint_fast64_t fc_profile_calls;

static inline uint64_t fc_profile_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Start of a profiled entry point: a timestamp, or 0 while profiling is off. */
static inline uint64_t fc_profile_begin(void) {
    return atomic_load_explicit(&fc_profile_enabled, memory_order_relaxed) ? fc_profile_now_ns() : 0;
}

/* Successful end of a profiled entry point: books the time and returns FC_OK. */
static inline fc_status fc_profile_end(uint64_t start) {
    if (start) {
        atomic_fetch_add_explicit(&fc_profile_ns, fc_profile_now_ns() - start, memory_order_relaxed);
        atomic_fetch_add_explicit(&fc_profile_calls, 1, memory_order_relaxed);
    }
    return FC_OK;
}

#endif
