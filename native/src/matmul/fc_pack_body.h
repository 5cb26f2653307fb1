/*
 * Panel packers of every quantized type, instantiated by each SIMD level's panel file. The including file
 * defines `transpose16x8(const uint8_t rows[16][32], uint8_t *out)` (out[64 s + 4 l + e] = rows[l][4 s + e])
 * before including this header.
 *
 * Panel block layout (fc_vec_dot.h): per block of 32 values, for each group of 16 columns: 8 steps of
 * 16 lanes x 4 bytes, then 16 (32 when sub16: first halves, second halves) float scales, then 16 offsets.
 */
#ifndef FC_PACK_BODY_H
#define FC_PACK_BODY_H

#include "fc_block_decode_simd.h"

#define DEFINE_PACK(name, decode_call, sub16, has_offset)                                               \
    static void name(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst) {  \
        const size_t scales = 16 * ((sub16) ? 2 : 1);                                                   \
        uint8_t *out = dst;                                                                             \
        for (int64_t b = b0; b < b0 + nb; b++) {                                                        \
            for (int g = 0; g < 2; g++) {                                                               \
                uint8_t rows[16][32] __attribute__((aligned(64)));                                      \
                float *sc = (float *)(out + 512);                                                       \
                float *of = sc + scales;                                                                \
                for (int l = 0; l < 16; l++) {                                                          \
                    const int col = 16 * g + l;                                                         \
                    float scale[2] = {0, 0}, offset = 0;                                                \
                    if (col < n_cols) {                                                                 \
                        const void *row = (const char *)w + (size_t)col * row_bytes;                    \
                        _mm256_store_si256((__m256i *)rows[l], decode_call);                            \
                    } else {                                                                            \
                        memset(rows[l], 0, 32); /* scale 0: padding columns contribute nothing */       \
                    }                                                                                   \
                    sc[l] = scale[0];                                                                   \
                    if (sub16) sc[16 + l] = scale[1];                                                   \
                    if (has_offset) of[l] = offset;                                                     \
                }                                                                                       \
                transpose16x8(rows, out);                                                               \
                out += 512 + 4 * scales + ((has_offset) ? 64 : 0);                                      \
            }                                                                                           \
        }                                                                                               \
    }

DEFINE_PACK(pack_q4_0, fc_simd_q4_0(row, b, scale, &offset), 0, 0)
DEFINE_PACK(pack_q4_1, fc_simd_q4_1(row, b, scale, &offset), 0, 1)
DEFINE_PACK(pack_q5_0, fc_simd_q5_0(row, b, scale, &offset), 0, 0)
DEFINE_PACK(pack_q5_1, fc_simd_q5_1(row, b, scale, &offset), 0, 1)
DEFINE_PACK(pack_q8_0_biased, fc_simd_q8_0(row, b, scale, 0), 0, 0)
DEFINE_PACK(pack_q8_0_signed, fc_simd_q8_0(row, b, scale, 1), 0, 0)
DEFINE_PACK(pack_q4_k, fc_simd_q4_k(row, b, scale, &offset), 0, 1)
DEFINE_PACK(pack_q5_k, fc_simd_q5_k(row, b, scale, &offset), 0, 1)
DEFINE_PACK(pack_q6_k, fc_simd_q6_k(row, b, scale, &offset), 1, 0)

/* The packer of a type; signed_u picks Q8_0's int8 layout for kernels without vpdpbusd. */
static fc_pack_fn pack_of(int32_t type, int signed_u) {
    switch (type) {
    case FC_TYPE_Q4_0: return pack_q4_0;
    case FC_TYPE_Q4_1: return pack_q4_1;
    case FC_TYPE_Q5_0: return pack_q5_0;
    case FC_TYPE_Q5_1: return pack_q5_1;
    case FC_TYPE_Q8_0: return signed_u ? pack_q8_0_signed : pack_q8_0_biased;
    case FC_TYPE_Q4_K: return pack_q4_k;
    case FC_TYPE_Q5_K: return pack_q5_k;
    case FC_TYPE_Q6_K: return pack_q6_k;
    default: return NULL;
    }
}

#endif
