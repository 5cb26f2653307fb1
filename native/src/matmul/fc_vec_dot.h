/*
 * Internal interface of the matmul kernels (not part of the ABI).
 *
 * Two kinds of kernel compute y = x . W^T:
 *  - dot kernels: one weight row against one activation row (matvec and small batches, where the weights
 *    stream from memory once and the work is memory-bound);
 *  - panel kernels (batches): FC_PANEL_COLS weight rows are first unpacked into a "panel" that interleaves
 *    the columns lane by lane (lane l of a vector holds 4 consecutive values of column l; f32 values for
 *    float weights), then a register tile of 4 activation rows x 32 columns runs int8 dot products (vpdpbusd)
 *    or FMAs against broadcast activations. Each weight block is decoded once per call, not once per row.
 *
 * Quantized weights multiply 8-bit activations quantized once per call into one layout for every type:
 * a row is k int8 quants followed by one fc_q8_meta per 32 quants. Legacy types use a scale per 32 values
 * (Q8_0's amax / 127; the block sums make it Q8_1 for Q4_1/Q5_1), k-quants one scale per 256 (Q8_K's
 * grouping). Rounding is to nearest even at every level, so all levels see the same quants.
 */
#ifndef FC_VEC_DOT_H
#define FC_VEC_DOT_H

#include <stddef.h>
#include <stdint.h>

#include "fc_quants.h"

/* Metadata of 32 activation quants. sum[h] is the sum of quants 16h..16h+15 (k-quant minima, unsigned-weight
 * bias corrections); ds = d * (sum[0] + sum[1]) (Q4_1/Q5_1 minima). */
typedef struct {
    float d;
    float ds;
    int32_t sum[2];
} fc_q8_meta;

_Static_assert(sizeof(fc_q8_meta) == 16, "fc_q8_meta");

/* Bytes of one quantized activation row of k values (k % 32 == 0): quants then metadata, 64-byte multiple. */
static inline size_t fc_act_row_bytes(int64_t k) {
    const size_t bytes = (size_t)k + (size_t)(k / 32) * sizeof(fc_q8_meta);
    return (bytes + 63) & ~(size_t)63;
}
static inline const fc_q8_meta *fc_act_meta(const void *row, int64_t k) {
    return (const fc_q8_meta *)((const char *)row + k);
}

/* Quantizes k floats into an activation row. group: 32 (legacy types) or 256 (k-quants): values of a
 * group share d = amax / 127, quants = rint(x / d) in [-127, 127]. Every level rounds identically. */
typedef void (*fc_act_quant_fn)(const float *x, int64_t k, int group, void *row);

/* One output: weight row w (k values of the type) . activation row x (quantized row, or k floats for the
 * float types). */
typedef float (*fc_dot_fn)(int64_t k, const void *w, const void *x);

/* Register tile of dot products for float weights: out[i * 4 + j] = w row j . xs[i] for 4 weight rows
 * (row_bytes apart) and 4 float activation rows; each weight vector is converted once for 4 rows of x. */
typedef void (*fc_dot4_fn)(int64_t k, const void *w, size_t row_bytes, const float *const *xs, float *out);

/* ---- panels ---------------------------------------------------------------------------------- */

#define FC_PANEL_COLS 32  /* columns per panel: two groups of 16 lanes */
#define FC_PANEL_GROUP 16
#define FC_PANEL_ROWS 4   /* activation rows per register tile */

/* How a type's blocks of 32 become unsigned bytes for the panel: weight value = scale * (u - bias) + offset,
 * scale per 32 values (per 16 when sub16), offset only when has_offset. signed_u: u holds int8 values
 * (bias 0) for kernels without vpdpbusd, whose u8 x s8 product would saturate at 255 * 127 * 2. */
typedef struct {
    int bias;
    int sub16;
    int has_offset;
    int signed_u;
} fc_panel_format;

/* Bytes of one 32-value block of one 16-column group: 8 steps x 16 lanes x 4 bytes, then the scales and
 * offsets of the 16 columns. */
static inline size_t fc_panel_group_bytes(const fc_panel_format *f) {
    return 512 + 64 * (size_t)(f->sub16 ? 2 : 1) + (f->has_offset ? 64 : 0);
}
static inline size_t fc_panel_block_bytes(const fc_panel_format *f) {
    return 2 * fc_panel_group_bytes(f);
}

/* Packs columns [0, n_cols) (n_cols <= 32; the rest are zero) of blocks [b0, b0 + nb) of weight rows
 * w (row_bytes apart) into dst. */
typedef void (*fc_pack_fn)(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst);

/* Register-tile kernel: c[r * ldc + 0..32) (+)= sum over nb blocks of the panel (starting at block b of
 * the activation rows) . activation row r, for FC_PANEL_ROWS rows. xs[r] are activation rows of k values. */
typedef struct {
    const void *const *xs; /* FC_PANEL_ROWS activation rows (quantized, or float rows padded to whole blocks) */
    int64_t k;             /* row length (locates the metadata of quantized rows) */
    int64_t b;             /* first block */
    int64_t nb;            /* blocks */
    int64_t ldc;           /* floats between rows of c */
    int bias;              /* subtracted from every u (see fc_panel_format) */
    int accumulate;        /* 0: c is overwritten (first k-slice), 1: added to */
} fc_tile_args;
typedef void (*fc_tile_fn)(const void *panel, const fc_tile_args *args, float *c);

/* Everything one level offers for one weight type. NULL members are not implemented at that level. */
typedef struct {
    fc_act_quant_fn quant; /* NULL for float types */
    fc_dot_fn dot;
    fc_dot4_fn dot4;       /* float types: batches of >= 4 rows without panels */
    fc_pack_fn pack;
    fc_tile_fn tile;
    fc_panel_format format;
    size_t panel_block_bytes; /* bytes per block of the packed panel */
    int block;                /* values per panel block (32 quantized, 16 float) */
    int block_align;          /* the tile needs k-slices of a multiple of this many blocks (0: any) */
    const char *path;         /* implementation name reported by fc_matmul_path */
} fc_mm_kernels;

/* Per-level tables: fill what that level implements for `type` (members left NULL fall back to a lower
 * level). vnni selects vpdpbusd kernels (tests turn it off to cover the AVX-512BW fallback). */
void fc_mm_kernels_scalar(int32_t type, fc_mm_kernels *out);
void fc_mm_kernels_avx2(int32_t type, fc_mm_kernels *out);
void fc_mm_kernels_avx512(int32_t type, int vnni, fc_mm_kernels *out);

/* The panel halves of the SIMD tables (fc_panel_<level>.c): fill pack, tile, format, panel_block_bytes, block,
 * block_align. */
void fc_panel_kernels_avx2(int32_t type, fc_mm_kernels *out);
void fc_panel_kernels_avx512(int32_t type, int vnni, fc_mm_kernels *out);
/* The AVX-512 dot kernel of a k-quant (fc_vec_dot_k_avx512.c). */
fc_dot_fn fc_dot_k_avx512(int32_t type, int vnni);
/* The AVX-512 packer of a type (fc_pack_avx512.c); signed_u: Q8_0 as int8 for kernels without vpdpbusd. */
fc_pack_fn fc_pack_avx512(int32_t type, int signed_u);

/* The activation quantizer every level's output must match bit for bit (fc_vec_dot_scalar.c). */
void fc_act_quantize_scalar(const float *x, int64_t k, int group, void *row);

/* Tests and benchmarks: 0 forces the AVX-512 paths without vpdpbusd even on a CPU with VNNI; 1 restores
 * the default. Process-wide, like fc_set_kernel_level. */
void fc_matmul_set_vnni(int enabled);

/* 1 while vpdpbusd kernels are in use (the CPU has VNNI and fc_matmul_set_vnni has not turned them off). */
int fc_matmul_vnni_active(void);

/* The activation quantizer fc_matmul uses for `type` at the current level (NULL for float types). */
fc_act_quant_fn fc_mm_act_quantizer(int32_t type);

/* Scratch memory of matmul calls (fc_matmul and fc_matmul_repacked share one fc_scratch cache slot). */
char *fc_mm_scratch_take(size_t size);
void fc_mm_scratch_give(char *p);

/* Batches of at least this many rows use panels (or dot4 tiles); smaller ones the dot kernels. Tests and
 * benchmarks may move it. */
extern int fc_matmul_panel_min_rows;
/* The same for float weights, whose panels cost more to pack relative to their work (4 x 4 dot tiles below). */
extern int fc_matmul_float_panel_min_rows;

#endif
