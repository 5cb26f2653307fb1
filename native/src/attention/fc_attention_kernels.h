/*
 * Per-level building blocks of fc_attention (internal). The tiling, causal limits and thread split live
 * once in fc_attention.c; each level supplies these functions (update_raw is optional).
 */
#ifndef FC_ATTENTION_KERNELS_H
#define FC_ATTENTION_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "fc_quants.h"

/* The running online-softmax state of one query row: max score seen, sum of exp(score - max), and
 * acc = sum of exp(score - max) * v over the keys seen so far (head_dim floats, kept by the caller). */
typedef struct {
    float max;
    float sum;
} fc_attn_row_state;

/* A query row rounded to int8, for integer scores over a Q8_0 cache: per block of 32 values,
 * step = max|q| / 127, qs = rint(q / step) (rint(q * (127 / max|q|)) in float) and bias = 128 x sum(qs). */
#define FC_ATTN_Q8_MAX_DIM 256
typedef struct {
    int8_t qs[FC_ATTN_Q8_MAX_DIM];
    float step[FC_ATTN_Q8_MAX_DIM / 32];
    int32_t bias[FC_ATTN_Q8_MAX_DIM / 32];
} fc_attn_q8_row;

/* Where update_raw reads K/V: rows of `type` (F32, F16 or Q8_0) straight from the cache. Row group i
 * (see update_raw) reads position j at k + j * stride + i * kv_step (all in bytes), and V likewise.
 * While reading position j the kernel also prefetches [pf_k + j * pf_step, + pf_step) (K pass) and the
 * same from pf_v (V pass): the caller points these at the cache it reads next (pf_step 0: none). */
typedef struct {
    int32_t type;
    const char *k, *v;
    int64_t stride, kv_step;
    const char *pf_k, *pf_v;
    int64_t pf_step;
    /* Q8_0 only, or NULL: the call's query rows rounded to int8 (row i at q8[i], head_dim % 64 == 0), for
     * integer dot products in the score pass; the caller sets it where fc_attention_int8_scores_active(). */
    const fc_attn_q8_row *q8;
} fc_attn_raw_kv;

/* The most query rows one update call takes. */
#define FC_ATTN_MAX_ROWS 4
/* The most query rows one update_raw call takes (a GQA group of 8 query heads per kv head). */
#define FC_ATTN_MAX_RAW_ROWS 8

typedef struct {
    /* Rows per update call this level handles best (1..FC_ATTN_MAX_ROWS). */
    int max_rows;
    /* Rows per update_raw call when a GQA group is smaller (several kv heads per call): 8 fill AVX-512's
     * 16 lanes; AVX2's 16 registers do better with 4 (fewer loads per FMA). */
    int raw_rows;
    /* Converts one K/V row of n elements to f32 (n a multiple of 32 for Q8_0). */
    void (*f16_to_f32)(const fc_fp16 *src, float *dst, int64_t n);
    void (*q8_0_to_f32)(const block_q8_0 *src, float *dst, int64_t n);
    /* Folds keys/values 0..n-1 (rows `stride` floats apart) into the state and accumulator of `rows`
     * (1..max_rows) query rows that see all n of them: scores s_j = scale * q.k_j, then max/sum/acc rescaled
     * to the new maximum. The rows share every K and V load. acc holds the rows' accumulators head_dim
     * floats apart; `scores` is rows * n floats of scratch. n >= 1. */
    void (*update)(int rows, const float *const *q, const float *k, const float *v, int64_t stride, int64_t n,
                   int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores);
    /* update for 1..FC_ATTN_MAX_RAW_ROWS rows reading K/V rows directly from the cache (see
     * fc_attn_raw_kv), converting them in registers: no tile conversion pass, and each K/V row is read once
     * for all the rows that use it. Rows come in groups of rows_per_kv that share a kv head: 1, 2 or 4
     * when that is less than rows (rows then at most raw_rows / rows_per_kv groups), else all rows are one
     * group.
     * `scores` is FC_ATTN_MAX_RAW_ROWS * (n + 16) floats of scratch. NULL where the level has none: the
     * caller converts tiles and calls update. */
    void (*update_raw)(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
                       int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores);
    /* Decode step for multi-head attention (one query row per kv head): all `heads` rows over positions
     * 0..n-1, reading each position whole and in address order (K, then V), head h's rows at + h * kv_step;
     * the kernel prefetches its own reads (kv->pf_* unused) and may prefetch the positions that follow n.
     * q holds the rows (pre-scaled) head_dim floats apart, state and acc one per head; `scores` is
     * n * heads floats of scratch. NULL where the level has none. */
    void (*update_heads)(int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n, int64_t d,
                         fc_attn_row_state *state, float *acc, float *scores);
    /* Rounds one query row of d values (d % 32 == 0, d <= FC_ATTN_Q8_MAX_DIM) for update_raw's integer
     * scores; a block with a NaN or infinite value gets qs = 0 and a NaN step (NaN scores, as the f32 path
     * gives). NULL where the level has no integer scores. */
    void (*round_q8)(const float *q, int64_t d, fc_attn_q8_row *out);
} fc_attn_kernels;

extern const fc_attn_kernels fc_attn_kernels_scalar;
extern const fc_attn_kernels fc_attn_kernels_avx2;
extern const fc_attn_kernels fc_attn_kernels_avx512;

/* 1 (the default) lets decode over a Q8_0 cache score in int8 where the CPU has AVX512-VNNI (see
 * fc_attn_raw_kv.q8); 0 keeps f32 scores (tests and benches compare the two). */
void fc_attention_set_int8_scores(int enabled);
int fc_attention_int8_scores_active(void);

/* What each SIMD file generates around its inlined kernels, so the cache type is a constant in every copy
 * (the loads specialize). FC_ATTN_RAW_KERNEL(R, G): update_raw_R_G, R rows in groups of G per kv head,
 * around the file's update_raw_rows(R, G, type, ...). FC_ATTN_HEADS_KERNELS(name): the level's update_heads
 * entry `name`, one out-of-line function per cache type around the file's update_heads_typed(type, ...)
 * (compiled apart: in one shared function a change to one type's loop moved the others' speed by 5-8%). */
#define FC_ATTN_RAW_KERNEL(R, G)                                                                                \
    static void update_raw_##R##_##G(int rows, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,     \
                                     int64_t d, float scale, fc_attn_row_state *state, float *acc,             \
                                     float *scores) {                                                          \
        if (kv->type == FC_TYPE_F16)                                                                            \
            update_raw_rows(R, G, FC_TYPE_F16, rows, q, kv, n, d, scale, state, acc, scores);                   \
        else if (kv->type == FC_TYPE_Q8_0)                                                                      \
            update_raw_rows(R, G, FC_TYPE_Q8_0, rows, q, kv, n, d, scale, state, acc, scores);                  \
        else                                                                                                    \
            update_raw_rows(R, G, FC_TYPE_F32, rows, q, kv, n, d, scale, state, acc, scores);                   \
    }

#define FC_ATTN_HEADS_TYPED(T)                                                                                  \
    static __attribute__((noinline)) void update_heads_##T(int64_t heads, const float *q,                       \
                                                           const fc_attn_raw_kv *kv, int64_t n, int64_t d,     \
                                                           fc_attn_row_state *state, float *acc, float *scores) { \
        update_heads_typed(FC_TYPE_##T, heads, q, kv, n, d, state, acc, scores);                                \
    }
#define FC_ATTN_HEADS_KERNELS(name)                                                                             \
    FC_ATTN_HEADS_TYPED(F32)                                                                                    \
    FC_ATTN_HEADS_TYPED(F16)                                                                                    \
    FC_ATTN_HEADS_TYPED(Q8_0)                                                                                   \
    void name(int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n, int64_t d,                    \
              fc_attn_row_state *state, float *acc, float *scores) {                                            \
        if (kv->type == FC_TYPE_F16)                                                                            \
            update_heads_F16(heads, q, kv, n, d, state, acc, scores);                                           \
        else if (kv->type == FC_TYPE_Q8_0)                                                                      \
            update_heads_Q8_0(heads, q, kv, n, d, state, acc, scores);                                          \
        else                                                                                                    \
            update_heads_F32(heads, q, kv, n, d, state, acc, scores);                                           \
    }

/* The kernels of the current level. */
const fc_attn_kernels *fc_attn_kernels_current(void);

#endif
