/* Internal interface of the thread pool used by kernels. */
#ifndef FC_PARALLEL_H
#define FC_PARALLEL_H

#include <stdint.h>

#include "fastchat.h"

/* Runs fn(ctx, task, thread) for task in [0, n_tasks), spread over the pool's threads and the caller.
 * `thread` is in [0, fc_parallel_threads(pool)) and unique among concurrently running calls, so it can
 * index per-thread scratch. Returns when every task has finished. A NULL pool runs everything inline. */
typedef void (*fc_task_fn)(void *ctx, int64_t task, int32_t thread);
void fc_parallel_for(fc_threadpool *pool, int64_t n_tasks, fc_task_fn fn, void *ctx);

/* Threads that may run tasks (1 for a NULL pool). */
int32_t fc_parallel_threads(const fc_threadpool *pool);

#endif
