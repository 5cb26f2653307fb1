/*
 * fc_attention: flash-style attention over a KV cache, several sequences per call.
 *
 * Prefill (a sequence with several queries) is split into tasks of (sequence, kv head, block of queries).
 * A task owns the query rows of every query head that shares its kv head (grouped-query attention) for a
 * block of consecutive queries, and walks the visible cache positions once in tiles: for grouped-query heads,
 * where the level has update_raw, its groups of up to 8 rows read each tile straight from the cache (as
 * decode does, the rows sharing every K/V load); otherwise an F16/Q8_0 tile (about 16 KiB of K and of V) is
 * converted to f32 once and used by all rows of the task, four at a time. Either way K/V are read once per
 * block. Each row keeps an online softmax (running max, running sum, accumulator rescaled when the max
 * grows), so no score matrix exists. Causality: query i of a sequence sees cache positions 0..q_pos + i.
 *
 * Decode (a sequence with one query) reads every visible K/V byte once for few flops, so it is split
 * along the cache instead ("flash decoding"): a task takes a chunk of positions for ALL kv heads, walking
 * it tile by tile and head by head, so each thread streams one contiguous stretch of the cache (heads are
 * interleaved per position). Each chunk leaves a partial (max, sum, accumulator) per head, and the task
 * that finishes a sequence's last chunk (an atomic count) combines them in chunk order, inside the same
 * parallel_for (no second pass through the pool). Chunk sizes depend only on the sequence length, never on
 * the thread count, so results are the same on any number of threads. Within a chunk, grouped-query heads
 * go through update_raw (8 query rows per call share each K/V row: compute-bound), multi-head attention
 * through update_heads (all heads per position, read in address order: memory-bound).
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "attention/fc_attention_kernels.h"
#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_parallel.h"
#include "fc_profile.h"
#include "fc_scratch.h"

enum {
    TILE_FLOATS = 4096, /* a K tile and a V tile of 16 KiB each stay in L1/L2 while every row of a task uses them */
    MIN_TILE = 16,
    MAX_TILE = 128,
    BLOCK_ROWS = 16,    /* target query rows per task (queries x heads of a kv group) */
    DECODE_TILE = 64,               /* decode positions per kernel call (at most) */
    DECODE_CHUNKS = 16,             /* decode splits a long cache into up to this many chunks (for threads) */
    DECODE_CHUNK = 1024,            /* of at least this many positions */
    DECODE_MIN_CHUNK = 256,         /* a shorter cache is split in two halves of at least this */
    DECODE_AHEAD_BYTES = 128 << 10, /* decode prefetches the next tile: about this much K+V (all heads) */
    HEADS_SCORES = 2048,            /* update_heads: scores per call (positions x heads) */
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
    /* decode */
    int64_t decode_tile;       /* positions per tile or update_heads call (`tile` without update_raw) */
    int heads_path;            /* multi-head decode through update_heads (decode_tile positions per call) */
    int int8_q;                /* decode's update_raw scores a Q8_0 cache in int8 (fc_attn_raw_kv.q8) */
    int prefill_raw;           /* prefill goes through update_raw (prefill_raw) */
    int int8_prefill;          /* and scores a Q8_0 cache in int8 there */
    const int64_t *chunk_len;  /* per sequence: positions per decode chunk */
    const int64_t *first_slot; /* per sequence: its first partial slot (chunks > 1 only) */
    _Atomic int64_t *chunks_done; /* per sequence: decode chunks finished (the last one combines) */
    float *partials;           /* slot_floats per chunk: n_heads row states, then (at slot_acc) accumulators */
    int64_t slot_floats, slot_acc;
} attention_job;

/* Per-thread scratch layout, in floats (each part rounded up to a cache line). */
static int64_t round16(int64_t n) { return (n + 15) / 16 * 16; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
/* K tile, V tile, scores, then `rows` accumulators and row states (prefill: a task's rows; decode: all
 * heads, after a copy of their queries, and followed by those rounded to int8). Scores also fit
 * update_raw's FC_ATTN_MAX_RAW_ROWS * (n + 16) and update_heads' positions x heads. */
static int64_t scores_floats(int64_t tile) {
    return round16(max64(max64(FC_ATTN_MAX_ROWS * tile, FC_ATTN_MAX_RAW_ROWS * (DECODE_TILE + 16)), HEADS_SCORES));
}
static int64_t q8_floats(int64_t rows) { return round16(rows * (int64_t)(sizeof(fc_attn_q8_row) / sizeof(float))); }
static size_t scratch_floats(int64_t tile, int64_t head_dim, int64_t rows) {
    const int64_t k_and_v = 2 * round16(tile * head_dim), scores = scores_floats(tile);
    const int64_t acc = round16(rows * head_dim), states = round16(2 * rows);
    /* decode also keeps a copy of its queries, and the same rounded to int8 */
    return (size_t)(k_and_v + scores + 2 * acc + states + q8_floats(rows));
}

static int64_t kv_row_bytes(int32_t kv_type, int64_t head_dim) {
    switch (kv_type) {
    case FC_TYPE_F32: return head_dim * 4;
    case FC_TYPE_F16: return head_dim * 2;
    default: return head_dim / QK8_0 * (int64_t)sizeof(block_q8_0);
    }
}

static void prefetch_bytes(const char *p, int64_t bytes) {
    for (int64_t o = 0; o < bytes; o += 64) __builtin_prefetch(p + o);
}

/* Decode tile with update_raw: up to DECODE_TILE positions, fewer (down to 16) when the K+V of all heads
 * of a tile, which is prefetched one tile ahead, would exceed DECODE_AHEAD_BYTES (L2 must hold it). */
static int64_t decode_tile_positions(int32_t kv_type, int64_t n_kv_heads, int64_t head_dim) {
    const int64_t tile = DECODE_AHEAD_BYTES / (2 * n_kv_heads * kv_row_bytes(kv_type, head_dim)) / 16 * 16;
    return tile < 16 ? 16 : tile > DECODE_TILE ? DECODE_TILE : tile;
}

/* Returns a pointer to f32 rows for positions [t0, t0 + n) of kv head g, and their stride in floats:
 * F32 is used in place; F16 and Q8_0 are converted into `tile`. With pf_step > 0 it also prefetches
 * [pf + j * pf_step, + pf_step) while converting row j (all at once for F32). */
static const float *load_tile(const attention_job *job, const void *cache, int64_t g, int64_t t0, int64_t n,
                              float *tile, int64_t *stride, const char *pf, int64_t pf_step) {
    const int64_t d = job->head_dim;
    if (job->kv_type == FC_TYPE_F32) {
        if (pf_step) prefetch_bytes(pf, n * pf_step);
        *stride = job->n_kv_heads * d;
        return (const float *)cache + (t0 * job->n_kv_heads + g) * d;
    }
    const int64_t row_bytes = kv_row_bytes(job->kv_type, d);
    const char *base = (const char *)cache + (t0 * job->n_kv_heads + g) * row_bytes;
    for (int64_t j = 0; j < n; j++) {
        if (pf_step) prefetch_bytes(pf + j * pf_step, pf_step);
        const void *row = base + j * job->n_kv_heads * row_bytes;
        if (job->kv_type == FC_TYPE_F16)
            job->kernels->f16_to_f32(row, tile + j * d, d);
        else
            job->kernels->q8_0_to_f32(row, tile + j * d, d);
    }
    *stride = d;
    return tile;
}

/* Where prefill row r of a task on kv head g (query q_first + r / n_rep of head g * n_rep + r % n_rep) keeps
 * its query and output: an offset in floats into the sequence's q and out. */
static int64_t prefill_row_offset(const attention_job *job, int64_t g, int64_t q_first, int64_t r) {
    return ((q_first + r / job->n_rep) * job->n_heads + g * job->n_rep + r % job->n_rep) * job->head_dim;
}

/* Prefill rows [0, rows) of a task (all on kv head g; row r is query q_first + r / n_rep) through update_raw,
 * straight from the cache like decode: groups of up to FC_ATTN_MAX_RAW_ROWS rows share every K/V load (and
 * the F16 K transposition) over the positions all of them see, tile by tile; on the diagonal a later query
 * sees more and takes its remaining positions in a group of the rows that see them. Converting each tile to
 * f32 first and running four rows per pass reached ~42% of the FMA peak. With int8 scores the rows are
 * scaled and rounded once per task, as decode's are, in `work` (rows x head_dim floats, then rows q8 rows). */
static void prefill_raw(const attention_job *job, const fc_attention_seq *seq, int64_t g, int64_t q_first,
                        int64_t rows, int64_t visible_end, fc_attn_row_state *state, float *acc, float *scores,
                        float *work) {
    const int64_t d = job->head_dim, n_rep = job->n_rep, row_bytes = kv_row_bytes(job->kv_type, d);
    fc_attn_q8_row *q8 = job->int8_prefill ? (fc_attn_q8_row *)(work + round16(rows * d)) : NULL;
    for (int64_t r = 0; q8 && r < rows; r++) {
        const float *q = seq->q + prefill_row_offset(job, g, q_first, r);
        for (int64_t i = 0; i < d; i++) work[r * d + i] = q[i] * job->scale;
        job->kernels->round_q8(work + r * d, d, &q8[r]);
    }
    /* tiles of DECODE_TILE positions: what the scores scratch holds for FC_ATTN_MAX_RAW_ROWS rows */
    const int64_t stride = job->n_kv_heads * row_bytes, tile = DECODE_TILE;
    for (int64_t t0 = 0; t0 < visible_end; t0 += tile) {
        const int64_t n = min64(tile, visible_end - t0);
        fc_attn_raw_kv kv = {job->kv_type, (const char *)seq->k + t0 * stride + g * row_bytes,
                             (const char *)seq->v + t0 * stride + g * row_bytes, stride, row_bytes, NULL, NULL, 0, NULL};
        for (int64_t r = 0; r < rows;) {
            /* rows see positions [t0, t0 + seen): a run of rows with the same count goes in one call */
            const int64_t qi = q_first + r / n_rep, seen = min64(seq->q_pos + qi + 1 - t0, n);
            int64_t count = 1;
            while (count < FC_ATTN_MAX_RAW_ROWS && r + count < rows &&
                   min64(seq->q_pos + q_first + (r + count) / n_rep + 1 - t0, n) == seen)
                count++;
            if (seen > 0) {
                const float *q[FC_ATTN_MAX_RAW_ROWS];
                for (int64_t i = 0; i < count; i++)
                    q[i] = q8 ? work + (r + i) * d : seq->q + prefill_row_offset(job, g, q_first, r + i);
                kv.q8 = q8 ? q8 + r : NULL;
                job->kernels->update_raw((int)count, (int)count, q, &kv, seen, d, q8 ? 1.0f : job->scale, &state[r],
                                         acc + r * d, scores);
            }
            r += count;
        }
    }
}

/* The same over converted f32 tiles (levels without update_raw): each tile is converted once per task, and
 * rows go in groups of max_rows that share K/V loads over the positions all of them see; on the diagonal
 * tile a later query sees more, and takes its remaining positions alone. */
static void prefill_tiles(const attention_job *job, const fc_attention_seq *seq, int64_t g, int64_t q_first,
                          int64_t rows, int64_t visible_end, fc_attn_row_state *state, float *acc, float *k_tile,
                          float *v_tile, float *scores) {
    const int64_t d = job->head_dim, n_rep = job->n_rep, tile = job->tile;
    const int group = job->kernels->max_rows;
    for (int64_t t0 = 0; t0 < visible_end; t0 += tile) {
        const int64_t n = visible_end - t0 < tile ? visible_end - t0 : tile;
        int64_t stride; /* the same for K and V */
        const float *k = load_tile(job, seq->k, g, t0, n, k_tile, &stride, NULL, 0);
        const float *v = load_tile(job, seq->v, g, t0, n, v_tile, &stride, NULL, 0);
        for (int64_t r = 0; r < rows; r += group) {
            const int count = rows - r < group ? (int)(rows - r) : group;
            int64_t limit[FC_ATTN_MAX_ROWS], common = n;
            const float *q[FC_ATTN_MAX_ROWS];
            for (int i = 0; i < count; i++) {
                const int64_t seen = seq->q_pos + q_first + (r + i) / n_rep + 1 - t0; /* of this tile, seen by the row */
                limit[i] = seen < 0 ? 0 : seen < n ? seen : n;
                common = limit[i] < common ? limit[i] : common;
                q[i] = seq->q + prefill_row_offset(job, g, q_first, r + i);
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
}

static void prefill_task(const attention_job *job, const fc_attention_seq *seq, int64_t local, int32_t thread) {
    const int64_t n_blocks = (seq->n_q + job->queries_per_block - 1) / job->queries_per_block;
    const int64_t g = local % job->n_kv_heads;
    /* Later query blocks see more of the cache: hand them out first so the pool balances better. */
    const int64_t block = n_blocks - 1 - local / job->n_kv_heads;
    const int64_t q_first = block * job->queries_per_block;
    const int64_t q_count = seq->n_q - q_first < job->queries_per_block ? seq->n_q - q_first : job->queries_per_block;
    const int64_t d = job->head_dim, n_rep = job->n_rep, rows = q_count * n_rep;

    float *k_tile = (float *)(job->scratch + (size_t)thread * job->scratch_stride);
    float *v_tile = k_tile + round16(job->tile * d);
    float *scores = v_tile + round16(job->tile * d);
    float *acc = scores + scores_floats(job->tile);
    fc_attn_row_state *state = (fc_attn_row_state *)(acc + round16(rows * d));
    for (int64_t r = 0; r < rows; r++) state[r] = (fc_attn_row_state){-INFINITY, 0.0f};
    memset(acc, 0, (size_t)(rows * d) * sizeof(float));

    /* Row r is query q_first + r / n_rep of head g * n_rep + r % n_rep. */
    const int64_t visible_end = seq->q_pos + q_first + q_count; /* one past the last position any row sees */
    if (job->prefill_raw)
        prefill_raw(job, seq, g, q_first, rows, visible_end, state, acc, scores, (float *)state + round16(2 * rows));
    else
        prefill_tiles(job, seq, g, q_first, rows, visible_end, state, acc, k_tile, v_tile, scores);
    for (int64_t r = 0; r < rows; r++) {
        float *out = seq->out + prefill_row_offset(job, g, q_first, r);
        const float inv = 1.0f / state[r].sum; /* sum >= 1: the maximum itself contributes exp(0) */
        for (int64_t i = 0; i < d; i++) out[i] = acc[r * d + i] * inv;
    }
}

/* Folds positions [t0, t0 + n) of the kv heads [g, g + heads) into the rows of their query heads, from
 * the raw cache (update_raw) or from converted tiles (update). q holds the task's scaled queries (q8 the
 * same rounded to int8, or NULL). The raw path also prefetches share `part` of `parts` of the positions
 * [t0 + n, ahead_end). */
static void decode_tile(const attention_job *job, const fc_attention_seq *seq, const float *q_all,
                        const fc_attn_q8_row *q8_all, int64_t g, int64_t heads, int64_t t0, int64_t n,
                        int64_t ahead_end, int64_t part, int64_t parts, fc_attn_row_state *state, float *acc,
                        float *k_tile, float *v_tile, float *scores) {
    const int64_t d = job->head_dim, n_rep = job->n_rep;
    const fc_attn_kernels *kern = job->kernels;
    const float *q[FC_ATTN_MAX_RAW_ROWS];
    if (kern->update_raw) {
        const int64_t row_bytes = kv_row_bytes(job->kv_type, d), stride = job->n_kv_heads * row_bytes;
        const int64_t offset = (t0 * job->n_kv_heads + g) * row_bytes;
        fc_attn_raw_kv kv = {job->kv_type, (const char *)seq->k + offset, (const char *)seq->v + offset, stride,
                             row_bytes, NULL, NULL, 0, NULL};
        if (ahead_end > t0 + n) { /* whole positions, in address order: what the DRAM pages and prefetchers like */
            const int64_t share = ((ahead_end - t0 - n) * stride + parts - 1) / parts;
            kv.pf_k = (const char *)seq->k + (t0 + n) * stride + part * share;
            kv.pf_v = (const char *)seq->v + (t0 + n) * stride + part * share;
            kv.pf_step = (share + n - 1) / n;
        }
        const int64_t rows = heads * n_rep, per_call = heads > 1 ? rows : FC_ATTN_MAX_RAW_ROWS;
        for (int64_t r = 0; r < rows; r += per_call) {
            const int count = (int)min64(rows - r, per_call);
            for (int i = 0; i < count; i++) q[i] = q_all + (g * n_rep + r + i) * d;
            kv.q8 = q8_all ? q8_all + g * n_rep + r : NULL;
            kern->update_raw(count, (int)min64(n_rep, count), q, &kv, n, d, 1.0f, &state[r], acc + r * d, scores);
            kv.pf_step = 0; /* the first call did this part */
        }
        return;
    }
    /* converted tiles: this call's share of the next tile is prefetched while its rows convert (without
     * it the cache's latency was exposed: AVX2 GQA decode ran at ~4 GB/s) */
    const int64_t pos_bytes = job->n_kv_heads * kv_row_bytes(job->kv_type, d);
    const int64_t share = ahead_end > t0 + n ? ((ahead_end - t0 - n) * pos_bytes + parts - 1) / parts : 0;
    const int64_t pf_step = (share + heads * n - 1) / (heads * n);
    const char *pf_k = (const char *)seq->k + (t0 + n) * pos_bytes + part * share;
    const char *pf_v = (const char *)seq->v + (t0 + n) * pos_bytes + part * share;
    for (int64_t h = 0; h < heads; h++) {
        int64_t stride;
        const int64_t pf_off = h * n * pf_step;
        const float *k = load_tile(job, seq->k, g + h, t0, n, k_tile, &stride, pf_k + pf_off, pf_step);
        const float *v = load_tile(job, seq->v, g + h, t0, n, v_tile, &stride, pf_v + pf_off, pf_step);
        for (int64_t r = h * n_rep; r < (h + 1) * n_rep; r += kern->max_rows) {
            const int count = (int)min64((h + 1) * n_rep - r, kern->max_rows);
            for (int i = 0; i < count; i++) q[i] = q_all + (g * n_rep + r + i) * d;
            kern->update(count, q, k, v, stride, n, d, 1.0f, &state[r], acc + r * d, scores);
        }
    }
}

/* kv heads per decode_tile call: enough to fill the level's raw_rows when a GQA group is smaller and
 * divides it (more heads per call: fewer, longer contiguous reads of each position). */
static int64_t kv_heads_per_call(const attention_job *job) {
    const int64_t n_rep = job->n_rep, rows = job->kernels->raw_rows;
    if (!job->kernels->update_raw || n_rep >= rows || rows % n_rep) return 1;
    return rows / n_rep;
}

static void combine_seq(const attention_job *job, int64_t s);

/* The positions [begin, end) of a decode chunk, tile by tile through decode_tile. */
static void decode_tiles(const attention_job *job, const fc_attention_seq *seq, const float *q,
                         const fc_attn_q8_row *q8, int64_t begin, int64_t end, int64_t visible,
                         fc_attn_row_state *state, float *acc, float *k_tile, float *v_tile, float *scores) {
    const int64_t d = job->head_dim;
    /* tile-major, head-minor: the positions of a tile hold every head's rows back to back */
    const int64_t per_call = kv_heads_per_call(job), parts = (job->n_kv_heads + per_call - 1) / per_call;
    if (job->kernels->update_raw) { /* the first tile has no previous tile to prefetch it */
        const int64_t pos_bytes = job->n_kv_heads * kv_row_bytes(job->kv_type, d);
        const int64_t bytes = min64(job->decode_tile, end - begin) * pos_bytes;
        prefetch_bytes((const char *)seq->k + begin * pos_bytes, bytes);
        prefetch_bytes((const char *)seq->v + begin * pos_bytes, bytes);
    }
    for (int64_t t0 = begin; t0 < end; t0 += job->decode_tile) {
        const int64_t n = min64(job->decode_tile, end - t0);
        /* prefetch the next tile, past the chunk's end too: on one thread the next chunk follows this one */
        const int64_t ahead_end = min64(t0 + n + job->decode_tile, visible);
        for (int64_t g = 0; g < job->n_kv_heads; g += per_call)
            decode_tile(job, seq, q, q8, g, min64(per_call, job->n_kv_heads - g), t0, n, ahead_end, g / per_call,
                        parts, &state[g * job->n_rep], acc + g * job->n_rep * d, k_tile, v_tile, scores);
    }
}

/* One chunk of a decode sequence, all heads. A lone chunk writes the output; otherwise the chunk's state
 * and accumulators go to its partial slot, and the last chunk to finish runs combine_seq. */
static void decode_task(const attention_job *job, int64_t s, int64_t chunk, int32_t thread) {
    const fc_attention_seq *seq = &job->seqs[s];
    const int64_t d = job->head_dim, heads = job->n_heads, len = job->chunk_len[s], visible = seq->q_pos + 1;
    const int64_t begin = chunk * len, end = min64(begin + len, visible);
    const int single = len >= visible;

    float *k_tile = (float *)(job->scratch + (size_t)thread * job->scratch_stride);
    float *v_tile = k_tile + round16(job->tile * d);
    float *scores = v_tile + round16(job->tile * d);
    float *q = scores + scores_floats(job->tile); /* 64-byte aligned, pre-scaled copy of the queries */
    float *acc = q + round16(heads * d);
    fc_attn_row_state *state = (fc_attn_row_state *)(acc + round16(heads * d));
    fc_attn_q8_row *q8 = job->int8_q ? (fc_attn_q8_row *)((float *)state + round16(2 * heads)) : NULL;
    for (int64_t i = 0; i < heads * d; i++) q[i] = seq->q[i] * job->scale;
    for (int64_t h = 0; q8 && h < heads; h++) job->kernels->round_q8(q + h * d, d, &q8[h]); /* once for every tile */
    if (!single) { /* the slot holds the states first, then the accumulators */
        float *slot = job->partials + (job->first_slot[s] + chunk) * job->slot_floats;
        state = (fc_attn_row_state *)slot;
        acc = slot + job->slot_acc;
    }
    for (int64_t h = 0; h < heads; h++) state[h] = (fc_attn_row_state){-INFINITY, 0.0f};
    memset(acc, 0, (size_t)(heads * d) * sizeof(float));

    if (job->heads_path) { /* every position whole, in address order */
        const int64_t row_bytes = kv_row_bytes(job->kv_type, d), pos_bytes = job->n_kv_heads * row_bytes;
        for (int64_t t0 = begin; t0 < end; t0 += job->decode_tile) {
            const fc_attn_raw_kv kv = {job->kv_type, (const char *)seq->k + t0 * pos_bytes,
                                       (const char *)seq->v + t0 * pos_bytes, pos_bytes, row_bytes, NULL, NULL, 0,
                                       NULL};
            job->kernels->update_heads(heads, q, &kv, min64(job->decode_tile, end - t0), d, state, acc, scores);
        }
    } else
        decode_tiles(job, seq, q, q8, begin, end, visible, state, acc, k_tile, v_tile, scores);
    if (!single) {
        /* the thread that finishes the sequence's last chunk combines them (acq_rel: it sees every
         * other chunk's partials), in the same task: no second pass through the pool */
        const int64_t chunks = (visible + len - 1) / len;
        if (atomic_fetch_add_explicit(&job->chunks_done[s], 1, memory_order_acq_rel) == chunks - 1)
            combine_seq(job, s);
        return;
    }
    for (int64_t h = 0; h < heads; h++) {
        const float inv = 1.0f / state[h].sum; /* sum >= 1: the maximum itself contributes exp(0) */
        for (int64_t i = 0; i < d; i++) seq->out[h * d + i] = acc[h * d + i] * inv;
    }
}

/* Combines the chunks of decode sequence s into its output, head by head: out = sum_c w_c acc_c /
 * sum_c w_c sum_c with w_c = exp(max_c - max), over the chunks in order (whichever thread runs it, the
 * result is the same). */
static void combine_seq(const attention_job *job, int64_t s) {
    const int64_t heads = job->n_heads, d = job->head_dim;
    const fc_attention_seq *seq = &job->seqs[s];
    const int64_t chunks = (seq->q_pos + 1 + job->chunk_len[s] - 1) / job->chunk_len[s];
    const float *first = job->partials + job->first_slot[s] * job->slot_floats;
    for (int64_t h = 0; h < heads; h++) {
        float max = -INFINITY, sum = 0.0f;
        for (int64_t c = 0; c < chunks; c++) {
            const fc_attn_row_state *st = (const fc_attn_row_state *)(first + c * job->slot_floats) + h;
            max = st->max > max ? st->max : max;
        }
        float *out = seq->out + h * d;
        for (int64_t i = 0; i < d; i++) out[i] = 0.0f;
        for (int64_t c = 0; c < chunks; c++) {
            const float *slot = first + c * job->slot_floats;
            const fc_attn_row_state *st = (const fc_attn_row_state *)slot + h;
            const float w = expf(st->max - max), *acc = slot + job->slot_acc + h * d;
            sum += w * st->sum;
            for (int64_t i = 0; i < d; i++) out[i] += w * acc[i];
        }
        const float inv = 1.0f / sum;
        for (int64_t i = 0; i < d; i++) out[i] *= inv;
    }
}

static void run_task(void *ctx, int64_t task, int32_t thread) {
    const attention_job *job = ctx;
    /* Find the sequence (few sequences per call: a linear scan is cheapest). */
    int64_t s = 0;
    while (task >= job->task_start[s + 1]) s++;
    const int64_t local = task - job->task_start[s];
    if (job->seqs[s].n_q == 1)
        decode_task(job, s, local, thread);
    else
        prefill_task(job, &job->seqs[s], local, thread);
}

/* Positions per decode chunk for a sequence whose query sees `visible` positions: up to DECODE_CHUNKS
 * chunks of at least DECODE_CHUNK positions, or two halves of a shorter cache (each at least
 * DECODE_MIN_CHUNK), in whole tiles. Each chunk starts a new stream through DRAM whose first tile is not
 * hidden behind work, so chunks are long. The length depends on the shape alone, never on the thread
 * count, so the result does not either. */
static int64_t chunk_length(const attention_job *job, int64_t visible) {
    const int64_t len = visible >= 2 * DECODE_CHUNK ? max64(DECODE_CHUNK, (visible + DECODE_CHUNKS - 1) / DECODE_CHUNKS)
                                                    : max64(DECODE_MIN_CHUNK, (visible + 1) / 2);
    return (len + job->decode_tile - 1) / job->decode_tile * job->decode_tile;
}

static size_t align64(size_t v) { return (v + 63) & ~(size_t)63; }

static int int8_scores_enabled = 1;
void fc_attention_set_int8_scores(int enabled) { int8_scores_enabled = enabled != 0; }
int fc_attention_int8_scores_active(void) { return int8_scores_enabled && fc_has_avx512_vnni(); }

const char *fc_attention_path(int32_t kv_type) {
    if (kv_type != FC_TYPE_F32 && kv_type != FC_TYPE_F16 && kv_type != FC_TYPE_Q8_0) return NULL;
    switch (fc_current_level()) {
    case FC_LEVEL_AVX512:
        return kv_type == FC_TYPE_Q8_0 && fc_attention_int8_scores_active() ? "avx512_vnni" : "avx512";
    case FC_LEVEL_AVX2: return "avx2";
    default: return "scalar";
    }
}

/* Scratch (per-thread tiles, chunk partials) is kept between calls: decode calls come every few microseconds. */
static fc_scratch_cache scratch_cache;

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
    job.decode_tile = job.kernels->update_raw ? decode_tile_positions(kv_type, n_kv_heads, head_dim) : job.tile;
    job.heads_path = job.kernels->update_heads && n_heads == n_kv_heads && n_heads <= HEADS_SCORES / 4;
    if (job.heads_path) job.decode_tile = min64(DECODE_TILE, HEADS_SCORES / n_heads) / 4 * 4;
    const int int8_scores = kv_type == FC_TYPE_Q8_0 && job.kernels->update_raw && job.kernels->round_q8 &&
                            fc_attention_int8_scores_active() && head_dim % 64 == 0 && head_dim <= FC_ATTN_Q8_MAX_DIM;
    job.int8_q = int8_scores && !job.heads_path;
    /* prefill straight from the cache where a query's rows come at least 4 to a kv head: on the diagonal tile
     * each query's rows see the same positions and stay in one call. With fewer (multi-head), the diagonal
     * splits the groups into single rows, and tiles converted once for 16 rows were faster (F16 ~3%, Q8_0
     * ~22%). */
    job.prefill_raw = job.kernels->update_raw && job.n_rep >= 4;
    job.int8_prefill = int8_scores && job.prefill_raw;
    job.scale = scale;
    job.n_seqs = n_seqs;
    job.slot_acc = round16(2 * n_heads); /* cache-line aligned accumulators */
    job.slot_floats = job.slot_acc + round16(n_heads * head_dim);

    /* sizes: per-thread scratch (a prefill block's rows, or all heads for decode) and decode partials */
    int64_t slots = 0, rows = job.queries_per_block * job.n_rep;
    for (int64_t s = 0; s < n_seqs; s++) {
        if (seqs[s].n_q != 1) continue;
        const int64_t visible = seqs[s].q_pos + 1, len = chunk_length(&job, visible), chunks = (visible + len - 1) / len;
        rows = max64(rows, n_heads);
        slots += chunks > 1 ? chunks : 0;
    }
    const int32_t threads = fc_parallel_threads(pool);
    job.scratch_stride = scratch_floats(job.tile, head_dim, rows) * sizeof(float);
    const size_t scratch_bytes = job.scratch_stride * (size_t)threads;
    const size_t partial_bytes = align64((size_t)(slots * job.slot_floats) * sizeof(float));
    char *block = fc_scratch_take(&scratch_cache, scratch_bytes + partial_bytes + (size_t)(4 * n_seqs + 1) * sizeof(int64_t));
    if (!block)
        return fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_attention: out of memory for %d threads' scratch", threads);
    job.scratch = block;
    job.partials = (float *)(block + scratch_bytes);

    /* per sequence: tasks (prefix sums), decode chunk length, first partial slot and chunks finished */
    int64_t *task_start = (int64_t *)(block + scratch_bytes + partial_bytes), *chunk_len = task_start + n_seqs + 1;
    int64_t *first_slot = chunk_len + n_seqs;
    _Atomic int64_t *chunks_done = (_Atomic int64_t *)(first_slot + n_seqs);
    task_start[0] = slots = 0;
    for (int64_t s = 0; s < n_seqs; s++) {
        int64_t tasks = (seqs[s].n_q + job.queries_per_block - 1) / job.queries_per_block * n_kv_heads;
        chunk_len[s] = first_slot[s] = 0;
        atomic_init(&chunks_done[s], 0);
        if (seqs[s].n_q == 1) {
            const int64_t visible = seqs[s].q_pos + 1;
            chunk_len[s] = chunk_length(&job, visible);
            tasks = (visible + chunk_len[s] - 1) / chunk_len[s];
            if (tasks > 1) {
                first_slot[s] = slots;
                slots += tasks;
            }
        }
        task_start[s + 1] = task_start[s] + tasks;
    }
    job.task_start = task_start;
    job.chunk_len = chunk_len;
    job.first_slot = first_slot;
    job.chunks_done = chunks_done;
    fc_parallel_for(pool, task_start[n_seqs], run_task, &job);
    fc_scratch_give(&scratch_cache, block);
    return fc_profile_end(profile_start);
}
