/*
 * Internal interface of the repacked-weight matmul (fc_repack.c drives it, each level supplies tiles).
 * Layout: see fc_repack in fastchat.h; strips 2p and 2p + 1 alternate block by block (fc_repack.c). A step s of a block holds, in lane l, quant bytes 4s..4s+3 of row l of
 * the strip: for Q4_0 the raw nibble bytes (low nibbles are values 4s.., high nibbles 16 + 4s..), for Q8_0 the
 * int8 values 4s.. plus 128 (stored as unsigned bytes, the operand vpdpbusd takes).
 */
#ifndef FC_REPACK_H
#define FC_REPACK_H

#include <stddef.h>
#include <stdint.h>

#define FC_REPACK_ROWS 16 /* rows per strip: one 16-lane vector */
#define FC_REPACK_STRIPS 2 /* strips per register tile (32 output columns) */

/* Bytes of one block of a strip: the quant steps, then 16 fp16 scales. */
static inline size_t fc_repack_block_bytes(int q8) { return (q8 ? 512 : 256) + 32; }

/* One register tile: `rows` (1..4) activation rows x the columns of `strips` (1..2) strips, over blocks
 * [b, b + nb) (strip[t] points at block b of strip t; a strip's blocks are block_stride bytes apart: strips
 * 2p and 2p + 1 are stored block by block alternately, so that stride is two blocks but for a last odd strip). y[r * ldc + c] for c < cols is overwritten, or added to
 * when accumulate is set. */
typedef struct {
    const uint8_t *strip[FC_REPACK_STRIPS];
    size_t block_stride;
    int strips;
    int64_t nb;
    const void *const *xs; /* `rows` quantized activation rows (fc_vec_dot.h layout) */
    int rows;
    int64_t k;             /* row length: locates the activation metadata */
    int64_t b;             /* first block */
    float *y;
    int64_t ldc;
    int cols;              /* valid output columns, 1..16 * strips */
    int accumulate;
    int prefetch;          /* first pass over these blocks (they come from memory): prefetch ahead */
} fc_rtile_args;

typedef void (*fc_rtile_fn)(const fc_rtile_args *a);

/* The AVX-512 tile for repacked Q4_0 / Q8_0 (vnni: vpdpbusd, else vpmaddubsw); NULL for other types. */
fc_rtile_fn fc_rtile_avx512(int32_t type, int vnni);

#endif
