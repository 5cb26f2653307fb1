/*
 * Persistent thread pool. Workers wait for a new job "generation": they spin briefly (a decode step
 * issues a job every few microseconds, so sleeping would cost more than the work) and then block on a
 * condition variable. Tasks are claimed from an atomic counter, so uneven tasks balance themselves.
 * One job runs per pool at a time (run_lock); separate pools run concurrently (no global lock).
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "fc_internal.h"
#include "fc_parallel.h"

#if defined(__x86_64__) || defined(__i386__)
#  include <immintrin.h>
#  define cpu_relax() _mm_pause()
#else
#  define cpu_relax() ((void)0)
#endif

enum { MAX_THREADS = 256, SPIN_ITERATIONS = 1 << 14 };

struct fc_threadpool {
    int32_t n_threads; /* including the caller */
    pthread_t *workers;
    pthread_mutex_t run_lock;
    pthread_mutex_t wake_lock;
    pthread_cond_t wake;
    _Atomic uint64_t generation;
    _Atomic int32_t busy_workers;
    _Atomic int64_t next_task;
    _Atomic int stop;
    /* the current job, written before generation is bumped */
    int64_t n_tasks;
    fc_task_fn fn;
    void *ctx;
};

typedef struct {
    fc_threadpool *pool;
    int32_t index;
} worker_arg;

static void run_tasks(fc_threadpool *pool, int32_t thread) {
    for (;;) {
        const int64_t task = atomic_fetch_add_explicit(&pool->next_task, 1, memory_order_relaxed);
        if (task >= pool->n_tasks) return;
        pool->fn(pool->ctx, task, thread);
    }
}

static void *worker_main(void *arg) {
    fc_threadpool *pool = ((worker_arg *)arg)->pool;
    const int32_t index = ((worker_arg *)arg)->index;
    free(arg);
    uint64_t seen = 0;
    for (;;) {
        int spins = 0;
        while (atomic_load_explicit(&pool->generation, memory_order_acquire) == seen && !atomic_load(&pool->stop)) {
            if (++spins < SPIN_ITERATIONS) {
                cpu_relax();
                continue;
            }
            pthread_mutex_lock(&pool->wake_lock);
            while (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stop))
                pthread_cond_wait(&pool->wake, &pool->wake_lock);
            pthread_mutex_unlock(&pool->wake_lock);
        }
        if (atomic_load(&pool->stop)) return NULL;
        seen = atomic_load_explicit(&pool->generation, memory_order_acquire);
        run_tasks(pool, index);
        atomic_fetch_sub_explicit(&pool->busy_workers, 1, memory_order_release);
    }
}

fc_threadpool *fc_threadpool_create(int32_t n_threads) {
    fc_clear_error();
    if (n_threads < 1 || n_threads > MAX_THREADS) {
        fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_threadpool_create: %d threads (1 to %d allowed)", n_threads, MAX_THREADS);
        return NULL;
    }
    fc_threadpool *pool = calloc(1, sizeof *pool);
    if (!pool) {
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_threadpool_create: out of memory");
        return NULL;
    }
    pool->n_threads = n_threads;
    pthread_mutex_init(&pool->run_lock, NULL);
    pthread_mutex_init(&pool->wake_lock, NULL);
    pthread_cond_init(&pool->wake, NULL);
    pool->workers = calloc((size_t)n_threads, sizeof(pthread_t));
    int32_t started = 0;
    if (pool->workers) {
        for (; started < n_threads - 1; started++) {
            worker_arg *arg = malloc(sizeof *arg);
            if (!arg) break;
            arg->pool = pool;
            arg->index = started + 1; /* the caller is thread 0 */
            if (pthread_create(&pool->workers[started], NULL, worker_main, arg) != 0) {
                free(arg);
                break;
            }
        }
    }
    if (!pool->workers || started != n_threads - 1) {
        pool->n_threads = started + 1; /* join only what started */
        fc_threadpool_free(pool);
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_threadpool_create: could not start %d worker threads", n_threads - 1);
        return NULL;
    }
    return pool;
}

int32_t fc_threadpool_size(const fc_threadpool *pool) { return pool ? pool->n_threads : 0; }

void fc_threadpool_free(fc_threadpool *pool) {
    if (!pool) return;
    pthread_mutex_lock(&pool->wake_lock);
    atomic_store(&pool->stop, 1);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->wake_lock);
    for (int32_t i = 0; pool->workers && i < pool->n_threads - 1; i++) pthread_join(pool->workers[i], NULL);
    free(pool->workers);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->wake_lock);
    pthread_mutex_destroy(&pool->run_lock);
    free(pool);
}

int32_t fc_parallel_threads(const fc_threadpool *pool) { return pool ? pool->n_threads : 1; }

void fc_parallel_for(fc_threadpool *pool, int64_t n_tasks, fc_task_fn fn, void *ctx) {
    if (n_tasks <= 0) return;
    if (!pool || pool->n_threads == 1 || n_tasks == 1) {
        for (int64_t task = 0; task < n_tasks; task++) fn(ctx, task, 0);
        return;
    }
    pthread_mutex_lock(&pool->run_lock);
    pool->fn = fn;
    pool->ctx = ctx;
    pool->n_tasks = n_tasks;
    atomic_store_explicit(&pool->next_task, 0, memory_order_relaxed);
    atomic_store_explicit(&pool->busy_workers, pool->n_threads - 1, memory_order_relaxed);
    pthread_mutex_lock(&pool->wake_lock);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->wake_lock);

    run_tasks(pool, 0);
    for (int spins = 0; atomic_load_explicit(&pool->busy_workers, memory_order_acquire) > 0; spins++) {
        if (spins < SPIN_ITERATIONS) cpu_relax();
        else sched_yield();
    }
    pthread_mutex_unlock(&pool->run_lock);
}
