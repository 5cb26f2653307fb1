/*
 * fc_attention: flash-style attention over a KV cache, several sequences per call.
 *
 * Work is split into tasks of (sequence, kv head, block of queries). A task owns the query rows of every
 * query head that shares its kv head (grouped-query attention) for a block of consecutive queries, and
 * walks the visible cache positions once in tiles (about 16 KiB of K and of V): an F16/Q8_0 tile is
 * converted to f32 once and then used by all rows of the task, so K/V are read once per block, and the
 * kernels take up to four rows at a time so those rows share every load from the tile. Each row keeps an
 * online softmax (running max, running sum, accumulator rescaled when the max grows), so no score matrix
 * exists. Causality: query i of a sequence sees cache positions 0..q_pos + i.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attention/fc_attention_kernels.h"
#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_parallel.h"
#include "fc_profile.h"

enum {
    TILE_FLOATS = 4096, /* a K tile and a V tile of 16 KiB each stay in L1/L2 while every row of a task uses them */
    MIN_TILE = 16,
    MAX_TILE = 128,
    BLOCK_ROWS = 16,    /* target query rows per task (queries x heads of a kv group) */
};

/* Cache positions per tile for a head size (a multiple of 4: the kernels take keys four at a time). */
static int64_t tile_positions(int64_t head_dim) {
    const int64_t tile = TILE_FLOATS / head_dim;
    return tile < MIN_TILE ? MIN_TILE : tile > MAX_TILE ? MAX_TILE : tile / 4 * 4;
}

typedef struct {
    const fc_attn_kernels *kernels;
    const fc_attention_seq *seqs;
    int32_t kv_type;
    int64_t n_heads, n_kv_heads, head_dim, n_rep;
    int64_t queries_per_block;
    int64_t tile;              /* cache positions per tile */
    float scale;
    const int64_t *task_start; /* n_seqs + 1 prefix sums of tasks per sequence */
    int64_t n_seqs;
    char *scratch;             /* per-thread scratch, scratch_stride bytes each */
    size_t scratch_stride;
} attention_job;

/* Per-thread scratch layout, in floats (each part rounded up to a cache line). */
static int64_t round16(int64_t n) { return (n + 15) / 16 * 16; }
static size_t scratch_floats(int64_t tile, int64_t head_dim, int64_t rows) {
    const int64_t k_and_v = 2 * round16(tile * head_dim), scores = round16(FC_ATTN_MAX_ROWS * tile);
    const int64_t acc = round16(rows * head_dim), states = round16(2 * rows);
    return (size_t)(k_and_v + scores + acc + states);
}

static int64_t kv_row_bytes(int32_t kv_type, int64_t head_dim) {
    switch (kv_type) {
    case FC_TYPE_F32: return head_dim * 4;
    case FC_TYPE_F16: return head_dim * 2;
    default: return head_dim / QK8_0 * (int64_t)sizeof(block_q8_0);
    }
}

/* Returns a pointer to f32 rows for positions [t0, t0 + n) of kv head g, and their stride in floats:
 * F32 is used in place; F16 and Q8_0 are converted into `tile`. */
static const float *load_tile(const attention_job *job, const void *cache, int64_t g, int64_t t0, int64_t n,
                              float *tile, int64_t *stride) {
    const int64_t d = job->head_dim;
    if (job->kv_type == FC_TYPE_F32) {
        *stride = job->n_kv_heads * d;
        return (const float *)cache + (t0 * job->n_kv_heads + g) * d;
    }
    const int64_t row_bytes = kv_row_bytes(job->kv_type, d);
    const char *base = (const char *)cache + (t0 * job->n_kv_heads + g) * row_bytes;
    for (int64_t j = 0; j < n; j++) {
        const void *row = base + j * job->n_kv_heads * row_bytes;
        if (job->kv_type == FC_TYPE_F16)
            job->kernels->f16_to_f32(row, tile + j * d, d);
        else
            job->kernels->q8_0_to_f32(row, tile + j * d, d);
    }
    *stride = d;
    return tile;
}

static void run_task(void *ctx, int64_t task, int32_t thread) {
    const attention_job *job = ctx;
    /* Find the sequence (few sequences per call: a linear scan is cheapest). */
    int64_t s = 0;
    while (task >= job->task_start[s + 1]) s++;
    const fc_attention_seq *seq = &job->seqs[s];
    const int64_t local = task - job->task_start[s];
    const int64_t n_blocks = (seq->n_q + job->queries_per_block - 1) / job->queries_per_block;
    const int64_t g = local % job->n_kv_heads;
    /* Later query blocks see more of the cache: hand them out first so the pool balances better. */
    const int64_t block = n_blocks - 1 - local / job->n_kv_heads;
    const int64_t q_first = block * job->queries_per_block;
    const int64_t q_count = seq->n_q - q_first < job->queries_per_block ? seq->n_q - q_first : job->queries_per_block;
    const int64_t d = job->head_dim, n_rep = job->n_rep, rows = q_count * n_rep;

    float *k_tile = (float *)(job->scratch + (size_t)thread * job->scratch_stride);
    const int64_t tile = job->tile;
    const int group = job->kernels->max_rows;
    float *v_tile = k_tile + round16(tile * d);
    float *scores = v_tile + round16(tile * d);
    float *acc = scores + round16(FC_ATTN_MAX_ROWS * tile);
    fc_attn_row_state *state = (fc_attn_row_state *)(acc + round16(rows * d));
    for (int64_t r = 0; r < rows; r++) state[r] = (fc_attn_row_state){-INFINITY, 0.0f};
    memset(acc, 0, (size_t)(rows * d) * sizeof(float));

    /* Row r is query q_first + r / n_rep of head g * n_rep + r % n_rep. */
    const int64_t visible_end = seq->q_pos + q_first + q_count; /* one past the last position any row sees */
    for (int64_t t0 = 0; t0 < visible_end; t0 += tile) {
        const int64_t n = visible_end - t0 < tile ? visible_end - t0 : tile;
        int64_t stride; /* the same for K and V */
        const float *k = load_tile(job, seq->k, g, t0, n, k_tile, &stride);
        const float *v = load_tile(job, seq->v, g, t0, n, v_tile, &stride);
        /* Rows go in groups that share K/V loads over the positions all of them see; on the diagonal tile
         * a later query sees more, and takes its remaining positions alone. */
        for (int64_t r = 0; r < rows; r += group) {
            const int count = rows - r < group ? (int)(rows - r) : group;
            int64_t limit[FC_ATTN_MAX_ROWS], common = n;
            const float *q[FC_ATTN_MAX_ROWS];
            for (int i = 0; i < count; i++) {
                const int64_t qi = q_first + (r + i) / n_rep, h = g * n_rep + (r + i) % n_rep;
                const int64_t seen = seq->q_pos + qi + 1 - t0; /* positions of this tile the row sees */
                limit[i] = seen < 0 ? 0 : seen < n ? seen : n;
                common = limit[i] < common ? limit[i] : common;
                q[i] = seq->q + (qi * job->n_heads + h) * d;
            }
            if (common > 0)
                job->kernels->update(count, q, k, v, stride, common, d, job->scale, &state[r], acc + r * d, scores);
            for (int i = 0; i < count; i++) {
                if (limit[i] > common)
                    job->kernels->update(1, &q[i], k + common * stride, v + common * stride, stride, limit[i] - common,
                                         d, job->scale, &state[r + i], acc + (r + i) * d, scores);
            }
        }
    }
    for (int64_t r = 0; r < rows; r++) {
        const int64_t qi = q_first + r / n_rep, h = g * n_rep + r % n_rep;
        float *out = seq->out + (qi * job->n_heads + h) * d;
        const float inv = 1.0f / state[r].sum; /* sum >= 1: the maximum itself contributes exp(0) */
        for (int64_t i = 0; i < d; i++) out[i] = acc[r * d + i] * inv;
    }
}

const fc_attn_kernels *fc_attn_kernels_current(void) {
    switch (fc_current_level()) {
    case FC_LEVEL_AVX512: return &fc_attn_kernels_avx512;
    case FC_LEVEL_AVX2: return &fc_attn_kernels_avx2;
    default: return &fc_attn_kernels_scalar;
    }
}

static fc_status check_shape(int32_t kv_type, int64_t n_heads, int64_t n_kv_heads, int64_t head_dim,
                             const fc_attention_seq *seqs, int64_t n_seqs) {
    if (kv_type != FC_TYPE_F32 && kv_type != FC_TYPE_F16 && kv_type != FC_TYPE_Q8_0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_attention: kv type %d is not F32, F16 or Q8_0", kv_type);
    if (n_heads <= 0 || n_kv_heads <= 0 || n_heads % n_kv_heads != 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT,
                            "fc_attention: n_heads = %lld must be a positive multiple of n_kv_heads = %lld",
                            (long long)n_heads, (long long)n_kv_heads);
    if (head_dim <= 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_attention: head_dim = %lld", (long long)head_dim);
    if (kv_type == FC_TYPE_Q8_0 && head_dim % QK8_0 != 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_attention: Q8_0 K/V need head_dim %% 32 == 0 (got %lld)",
                            (long long)head_dim);
    if (n_seqs < 0 || (n_seqs > 0 && !seqs))
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_attention: n_seqs = %lld with seqs %s", (long long)n_seqs,
                            seqs ? "set" : "NULL");
    for (int64_t s = 0; s < n_seqs; s++) {
        const fc_attention_seq *seq = &seqs[s];
        if (seq->n_q < 0 || seq->n_kv < 0 || seq->q_pos < 0)
            return fc_set_error(FC_ERR_INVALID_ARGUMENT,
                                "fc_attention: seqs[%lld] has n_q = %lld, n_kv = %lld, q_pos = %lld", (long long)s,
                                (long long)seq->n_q, (long long)seq->n_kv, (long long)seq->q_pos);
        if (seq->n_q > seq->n_kv - seq->q_pos) /* q_pos + n_q > n_kv, without overflow */
            return fc_set_error(FC_ERR_INVALID_ARGUMENT,
                                "fc_attention: seqs[%lld]: q_pos + n_q = %lld exceeds the %lld cached positions "
                                "(the last query would see positions not in the cache)",
                                (long long)s, (long long)(seq->q_pos + seq->n_q), (long long)seq->n_kv);
        if (seq->n_q > 0 && (!seq->q || !seq->k || !seq->v || !seq->out))
            return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_attention: seqs[%lld] has a NULL q, k, v or out",
                                (long long)s);
    }
    return FC_OK;
}

fc_status fc_attention(fc_threadpool *pool, int32_t kv_type, int64_t n_heads, int64_t n_kv_heads, int64_t head_dim,
                       float scale, const fc_attention_seq *seqs, int64_t n_seqs) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_status status = check_shape(kv_type, n_heads, n_kv_heads, head_dim, seqs, n_seqs);
    if (status != FC_OK) return status;

    attention_job job = {0};
    job.kernels = fc_attn_kernels_current();
    job.seqs = seqs;
    job.kv_type = kv_type;
    job.n_heads = n_heads;
    job.n_kv_heads = n_kv_heads;
    job.head_dim = head_dim;
    job.n_rep = n_heads / n_kv_heads;
    job.queries_per_block = job.n_rep >= BLOCK_ROWS ? 1 : BLOCK_ROWS / job.n_rep;
    job.tile = tile_positions(head_dim);
    job.scale = scale;
    job.n_seqs = n_seqs;

    const int32_t threads = fc_parallel_threads(pool);
    job.scratch_stride = scratch_floats(job.tile, head_dim, job.queries_per_block * job.n_rep) * sizeof(float);
    int64_t *task_start = malloc((size_t)(n_seqs + 1) * sizeof *task_start);
    char *scratch = aligned_alloc(64, job.scratch_stride * (size_t)threads);
    if (!task_start || !scratch) {
        free(task_start);
        free(scratch);
        return fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_attention: out of memory for %d threads' scratch", threads);
    }
    task_start[0] = 0;
    for (int64_t s = 0; s < n_seqs; s++) {
        const int64_t blocks = (seqs[s].n_q + job.queries_per_block - 1) / job.queries_per_block;
        task_start[s + 1] = task_start[s] + blocks * n_kv_heads;
    }
    job.task_start = task_start;
    job.scratch = scratch;
    fc_parallel_for(pool, task_start[n_seqs], run_task, &job);
    free(scratch);
    free(task_start);
    return fc_profile_end(profile_start);
}
