/*
 * fc_repack / fc_matmul_repacked: Q4_0 and Q8_0 weights interleaved 16 rows at a time once, at load, so every
 * matmul (decode, small batches, prefill) runs register tiles straight from the weights: no per-call packing,
 * one contiguous stream per strip, and 3x fewer instructions per weight than the row-by-row dot kernels.
 *
 * Split: tasks are (chunk of activation rows that stays in L2) x (run of strip pairs). A task walks each pair
 * in k-slices of ~32 KiB so the slice stays in L1 while every group of 4 activation rows of the chunk uses it.
 * The two strips of a pair alternate block by block and pairs follow one another, so a task reads one
 * contiguous range of memory front to back.
 */
#include <stdlib.h>
#include <string.h>

#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_parallel.h"
#include "fc_profile.h"
#include "fc_repack.h"
#include "fc_vec_dot.h"

enum {
    SLICE_BYTES = 32 << 10, /* a tile's k-slice of two strips: L1 */
};

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

static int repackable(int32_t type) { return type == FC_TYPE_Q4_0 || type == FC_TYPE_Q8_0; }

static fc_rtile_fn current_tile(int32_t type) {
    if (!repackable(type) || fc_current_level() < FC_LEVEL_AVX512) return NULL;
    return fc_rtile_avx512(type, fc_matmul_vnni_active());
}

int32_t fc_repack_supported(int32_t type) { return current_tile(type) != NULL; }

int64_t fc_repack_bytes(int32_t type, int64_t n, int64_t k) {
    if (!repackable(type) || n <= 0 || k <= 0 || k % 32 != 0 || n > ((int64_t)1 << 40) || k > ((int64_t)1 << 40))
        return -1;
    const int64_t strips = (n + FC_REPACK_ROWS - 1) / FC_REPACK_ROWS;
    return strips * (k / 32) * (int64_t)fc_repack_block_bytes(type == FC_TYPE_Q8_0);
}

/* ---- repacking ------------------------------------------------------------------------------- */

typedef struct {
    const uint8_t *w;
    uint8_t *dst;
    int64_t n, nb;
    size_t row_bytes, src_block, qs_off, block_bytes;
    int steps, flip;
} repack_job;

/* Offset of block 0 of `strip` and how far apart its blocks are: strips 2p and 2p + 1 alternate block by block
 * (one stream for a tile of 32 columns); a last odd strip is alone. */
static size_t strip_offset(int64_t strip, int64_t n_strips, int64_t nb, size_t block_bytes, size_t *stride) {
    const int paired = (strip | 1) < n_strips;
    *stride = (paired ? 2 : 1) * block_bytes;
    return (size_t)(strip / 2) * 2 * (size_t)nb * block_bytes + (paired ? (size_t)(strip & 1) * block_bytes : 0);
}

static void repack_strip(void *ctx, int64_t strip, int32_t thread) {
    (void)thread;
    const repack_job *j = ctx;
    size_t stride;
    uint8_t *out = j->dst + strip_offset(strip, (j->n + FC_REPACK_ROWS - 1) / FC_REPACK_ROWS, j->nb, j->block_bytes, &stride);
    for (int64_t b = 0; b < j->nb; b++, out += stride) {
        memset(out, 0, j->block_bytes);
        for (int l = 0; l < FC_REPACK_ROWS; l++) {
            const int64_t row = strip * FC_REPACK_ROWS + l;
            if (row >= j->n) break; /* padding rows stay zero: scale 0, so they add nothing */
            const uint8_t *blk = j->w + (size_t)row * j->row_bytes + (size_t)b * j->src_block;
            for (int s = 0; s < j->steps; s++) memcpy(out + 64 * s + 4 * l, blk + j->qs_off + 4 * s, 4);
            if (j->flip) /* Q8_0 is stored as w + 128: the unsigned operand of vpdpbusd as is */
                for (int s = 0; s < j->steps; s++)
                    for (int i = 0; i < 4; i++) out[64 * s + 4 * l + i] ^= 0x80;
            memcpy(out + 64 * j->steps + 2 * l, blk, 2); /* the fp16 scale leads both block types */
        }
    }
}

fc_status fc_repack(fc_threadpool *pool, int32_t type, const void *w, int64_t n, int64_t k, void *dst,
                    int64_t dst_bytes) {
    fc_clear_error();
    const int64_t bytes = fc_repack_bytes(type, n, k);
    if (bytes < 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT,
                            "fc_repack: type %d, n = %lld, k = %lld: only Q4_0 and Q8_0 with k a multiple of 32 repack",
                            type, (long long)n, (long long)k);
    if (!w || !dst) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_repack: %s is NULL", !w ? "w" : "dst");
    if (dst_bytes < bytes)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_repack: dst holds %lld bytes; %lld are needed",
                            (long long)dst_bytes, (long long)bytes);
    const int q8 = type == FC_TYPE_Q8_0;
    const repack_job job = {
        .w = w, .dst = dst, .n = n, .nb = k / 32,
        .row_bytes = (size_t)fc_type_row_bytes(type, k),
        .src_block = q8 ? sizeof(block_q8_0) : sizeof(block_q4_0),
        .qs_off = q8 ? offsetof(block_q8_0, qs) : offsetof(block_q4_0, qs),
        .block_bytes = fc_repack_block_bytes(q8),
        .steps = q8 ? 8 : 4,
        .flip = q8,
    };
    fc_parallel_for(pool, (n + FC_REPACK_ROWS - 1) / FC_REPACK_ROWS, repack_strip, (void *)&job);
    return FC_OK;
}

/* ---- matmul ---------------------------------------------------------------------------------- */

typedef struct {
    fc_rtile_fn tile;
    const uint8_t *packed;
    int64_t n, k, m, nb;
    size_t block_bytes;
    const char *act;
    size_t act_bytes;
    float *y;
    int64_t m_chunk, kc, pairs_per_task, n_groups;
} rmm_ctx;

typedef struct {
    fc_act_quant_fn quant;
    const float *x;
    int64_t k;
    char *act;
    size_t act_bytes;
} quant_job;

static void quantize_row(void *ctx, int64_t i, int32_t thread) {
    (void)thread;
    const quant_job *q = ctx;
    q->quant(q->x + i * q->k, q->k, 32, q->act + (size_t)i * q->act_bytes);
}

static void rmm_task(void *ctx, int64_t task, int32_t thread) {
    (void)thread;
    const rmm_ctx *c = ctx;
    const int64_t i0 = task / c->n_groups * c->m_chunk, rows = min64(c->m - i0, c->m_chunk);
    const int64_t n_strips = (c->n + FC_REPACK_ROWS - 1) / FC_REPACK_ROWS;
    const int64_t pair0 = task % c->n_groups * c->pairs_per_task;
    const int64_t pair1 = min64(pair0 + c->pairs_per_task, (n_strips + 1) / 2);
    const void *xs[4];
    fc_rtile_args a = {.xs = xs, .k = c->k, .ldc = c->n};
    for (int64_t p = pair0; p < pair1; p++) {
        const int64_t s0 = 2 * p, j0 = s0 * FC_REPACK_ROWS;
        a.strips = (int)min64(2, n_strips - s0);
        a.cols = (int)min64(c->n - j0, FC_REPACK_ROWS * a.strips);
        for (int64_t b = 0; b < c->nb; b += c->kc) {
            a.b = b;
            a.nb = min64(c->nb - b, c->kc);
            a.accumulate = b > 0;
            size_t stride;
            a.strip[0] = c->packed + strip_offset(s0, n_strips, c->nb, c->block_bytes, &stride) + (size_t)b * stride;
            a.strip[1] = a.strip[0] + c->block_bytes;
            a.block_stride = stride;
            for (int64_t r = 0; r < rows; r += 4) {
                a.rows = (int)min64(4, rows - r);
                a.prefetch = r == 0;
                for (int t = 0; t < a.rows; t++) xs[t] = c->act + (size_t)(i0 + r + t) * c->act_bytes;
                a.y = c->y + (i0 + r) * c->n + j0;
                c->tile(&a);
            }
        }
    }
}

fc_status fc_matmul_repacked(fc_threadpool *pool, int32_t type, const void *packed, int64_t n, int64_t k,
                             const float *x, int64_t m, float *y) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_rtile_fn tile = current_tile(type);
    if (!tile)
        return fc_set_error(FC_ERR_UNSUPPORTED, "fc_matmul_repacked: no kernels for repacked type %d at this level "
                            "(fc_repack_supported is 0)", type);
    if (fc_repack_bytes(type, n, k) < 0 || m <= 0 || m > ((int64_t)1 << 40) || (double)m * (double)k > 1e15 ||
        (double)m * (double)n > 1e15)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_matmul_repacked: bad shape n = %lld, k = %lld, m = %lld",
                            (long long)n, (long long)k, (long long)m);
    if (!packed || !x || !y)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_matmul_repacked: %s is NULL", !packed ? "packed" : !x ? "x" : "y");

    const int32_t threads = fc_parallel_threads(pool);
    rmm_ctx c = {.tile = tile, .packed = packed, .n = n, .k = k, .m = m, .nb = k / 32, .y = y};
    c.block_bytes = fc_repack_block_bytes(type == FC_TYPE_Q8_0);
    c.act_bytes = fc_act_row_bytes(k);
    /* k-slices let the row groups of a chunk share a slice from L1; one row group streams whole strips */
    c.kc = m <= 4 ? c.nb : (int64_t)(SLICE_BYTES / (2 * c.block_bytes));
    const int64_t n_slices = (c.nb + c.kc - 1) / c.kc;
    c.kc = (c.nb + n_slices - 1) / n_slices; /* even slices: no short last one paying a whole pass of overhead */
    /* one chunk up to 64 rows (the weights are read once); longer batches in chunks of 16 rows, whose 4 row
     * groups per k-slice leave the slice in L1 (more rows per chunk evicted it: -5-10% at batch 512) */
    c.m_chunk = m <= 64 ? m : 16;
    const int64_t n_chunks = (m + c.m_chunk - 1) / c.m_chunk;
    const int64_t n_pairs = (n + 2 * FC_REPACK_ROWS - 1) / (2 * FC_REPACK_ROWS);
    /* ~8 tasks per thread: decode on 2 threads measured 70-73 t/s with 4, 70-88 with 8, 62-74 with 32 (TinyLlama
     * Q4_0; fewer tasks leave a thread idle at the end, more cut the sequential runs of weights short). Long
     * batches split each chunk over at least `threads` pair groups, so the threads share a chunk's activations
     * instead of each sweeping all the weights for its own chunk (batch 512, 2 threads: ~1060 vs ~1010 GOP/s). */
    const int64_t groups = min64(n_pairs, max64(threads, (8 * (int64_t)threads + n_chunks - 1) / n_chunks));
    c.pairs_per_task = (n_pairs + groups - 1) / groups;
    c.n_groups = (n_pairs + c.pairs_per_task - 1) / c.pairs_per_task;

    char *act = fc_mm_scratch_take(c.act_bytes * (size_t)m);
    if (!act)
        return fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_matmul_repacked: cannot allocate %zu bytes of activations",
                            c.act_bytes * (size_t)m);
    quant_job q = {fc_mm_act_quantizer(type), x, k, act, c.act_bytes};
    fc_parallel_for(m * k >= 65536 ? pool : NULL, m, quantize_row, &q);
    c.act = act;
    fc_parallel_for(pool, n_chunks * c.n_groups, rmm_task, &c);
    fc_mm_scratch_give(act);
    return fc_profile_end(profile_start);
}
