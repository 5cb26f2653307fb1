/* The pool runs every task exactly once, on valid thread indices, repeatedly, and frees cleanly. */
#include <stdatomic.h>
#include <stdlib.h>

#include "fastchat.h"
#include "fc_parallel.h"
#include "fc_test.h"

typedef struct {
    _Atomic int32_t *hits;
    _Atomic int32_t bad_thread;
    int32_t n_threads;
} job;

static void count_task(void *ctx, int64_t task, int32_t thread) {
    job *j = ctx;
    atomic_fetch_add(&j->hits[task], 1);
    if (thread < 0 || thread >= j->n_threads) atomic_store(&j->bad_thread, 1);
}

static void run(fc_threadpool *pool, int64_t n_tasks) {
    job j = {.hits = calloc((size_t)n_tasks + 1, sizeof(_Atomic int32_t)), .n_threads = fc_parallel_threads(pool)};
    fc_parallel_for(pool, n_tasks, count_task, &j);
    int all_once = 1;
    for (int64_t t = 0; t < n_tasks; t++) all_once &= atomic_load(&j.hits[t]) == 1;
    CHECKF(all_once, "%lld tasks on %d threads", (long long)n_tasks, j.n_threads);
    CHECK(atomic_load(&j.bad_thread) == 0);
    free((void *)j.hits);
}

int main(void) {
    CHECK(fc_threadpool_create(0) == NULL);
    CHECK(fc_threadpool_create(100000) == NULL);

    run(NULL, 17); /* inline */
    for (int threads = 1; threads <= 6; threads++) {
        fc_threadpool *pool = fc_threadpool_create(threads);
        CHECK(pool != NULL);
        CHECK(fc_threadpool_size(pool) == threads);
        for (int rep = 0; rep < 500; rep++) run(pool, 1 + rep % 37); /* many back-to-back jobs: no lost wake-ups */
        run(pool, 100000);
        fc_threadpool_free(pool);
    }
    fc_threadpool_free(NULL);
    return TEST_RESULT();
}
