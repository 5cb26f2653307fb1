/*
 * Every weight type's block of 32 values as unsigned bytes plus float scale(s) and offset:
 * value[i] = scale[i / 16 when sub16, else 0] * (u[i] - bias) + offset (see fc_panel_format).
 * The one place that knows the bit layouts: the scalar dot kernels and every level's panel packer include
 * it (the SIMD translation units get these loops auto-vectorised with their own -m flags).
 */
#ifndef FC_BLOCK_DECODE_H
#define FC_BLOCK_DECODE_H

#include <string.h>

#include "fc_vec_dot.h"

#define FC_DECODE_INLINE static inline __attribute__((always_inline))

/* SIMD translation units define this as the F16C instruction before including. */
#ifndef FC_DECODE_FP16
#define FC_DECODE_FP16(h) FC_FP16_TO_FP32(h)
#endif

/* Reads the 6-bit scale and min of sub-block j from the 12 packed bytes of Q4_K / Q5_K. */
FC_DECODE_INLINE void fc_k4_scale_min(int j, const uint8_t *q, int *scale, int *min) {
    if (j < 4) {
        *scale = q[j] & 63;
        *min = q[j + 4] & 63;
    } else {
        *scale = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

/* Low nibbles are values 0..15, high nibbles 16..31. The quants are copied to a local first: without
 * possible aliasing with u the compiler turns these loops into a few vector instructions. */
FC_DECODE_INLINE void fc_nibbles(const uint8_t *qs, uint8_t *restrict u) {
    uint8_t q[16];
    memcpy(q, qs, sizeof q);
    for (int j = 0; j < 16; j++) u[j] = q[j] & 0xF;
    for (int j = 0; j < 16; j++) u[j + 16] = q[j] >> 4;
}

FC_DECODE_INLINE void fc_decode_q4_0(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q4_0 *x = (const block_q4_0 *)row + b;
    fc_nibbles(x->qs, u);
    scale[0] = FC_DECODE_FP16(x->d);
    (void)offset;
}

FC_DECODE_INLINE void fc_decode_q4_1(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q4_1 *x = (const block_q4_1 *)row + b;
    fc_nibbles(x->qs, u);
    scale[0] = FC_DECODE_FP16(x->d);
    offset[0] = FC_DECODE_FP16(x->m);
}

/* The fifth bit of value j is bit j of qh. */
FC_DECODE_INLINE void fc_decode_q5_bits(const uint8_t *qs, const uint8_t *qh_bytes, uint8_t *u) {
    uint32_t qh;
    memcpy(&qh, qh_bytes, sizeof qh);
    for (int j = 0; j < 16; j++) {
        u[j] = (uint8_t)((qs[j] & 0xF) | (((qh >> j) & 1) << 4));
        u[j + 16] = (uint8_t)((qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4));
    }
}

FC_DECODE_INLINE void fc_decode_q5_0(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q5_0 *x = (const block_q5_0 *)row + b;
    fc_decode_q5_bits(x->qs, x->qh, u);
    scale[0] = FC_DECODE_FP16(x->d);
    (void)offset;
}

FC_DECODE_INLINE void fc_decode_q5_1(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q5_1 *x = (const block_q5_1 *)row + b;
    fc_decode_q5_bits(x->qs, x->qh, u);
    scale[0] = FC_DECODE_FP16(x->d);
    offset[0] = FC_DECODE_FP16(x->m);
}

/* Q8_0 as q + 128 (bias 128) for vpdpbusd, or as the raw int8 bytes (signed_u, bias 0). */
FC_DECODE_INLINE void fc_decode_q8_0(const void *row, int64_t b, uint8_t *u, float *scale, int signed_u) {
    const block_q8_0 *x = (const block_q8_0 *)row + b;
    const uint8_t flip = signed_u ? 0 : 0x80;
    for (int j = 0; j < 32; j++) u[j] = (uint8_t)x->qs[j] ^ flip;
    scale[0] = FC_DECODE_FP16(x->d);
}

/* Q4_K sub-block j of a super-block: the low nibbles of qs[32 (j/2) ..] for even j, the high ones for odd j. */
FC_DECODE_INLINE void fc_decode_q4_k(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q4_K *x = (const block_q4_K *)row + b / 8;
    const int j = (int)(b % 8);
    const uint8_t *q = x->qs + 32 * (j / 2);
    const int shift = 4 * (j & 1);
    for (int l = 0; l < 32; l++) u[l] = (q[l] >> shift) & 0xF;
    int sc, mn;
    fc_k4_scale_min(j, x->scales, &sc, &mn);
    scale[0] = FC_DECODE_FP16(x->d) * (float)sc;
    offset[0] = -FC_DECODE_FP16(x->dmin) * (float)mn;
}

/* Q5_K: as Q4_K plus a fifth bit, bit j of qh[l]. */
FC_DECODE_INLINE void fc_decode_q5_k(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q5_K *x = (const block_q5_K *)row + b / 8;
    const int j = (int)(b % 8);
    const uint8_t *q = x->qs + 32 * (j / 2);
    const int shift = 4 * (j & 1);
    for (int l = 0; l < 32; l++) u[l] = (uint8_t)(((q[l] >> shift) & 0xF) | (((x->qh[l] >> j) & 1) << 4));
    int sc, mn;
    fc_k4_scale_min(j, x->scales, &sc, &mn);
    scale[0] = FC_DECODE_FP16(x->d) * (float)sc;
    offset[0] = -FC_DECODE_FP16(x->dmin) * (float)mn;
}

/* Q6_K: each half of 128 values keeps 4 low bits in ql[64] and 2 high bits in qh[32]; quarter j of the half
 * takes ql[l] (j = 0, 2) or ql[l + 32] (j = 1, 3), low (j < 2) or high nibble, and bits 2j..2j+1 of qh[l].
 * Two int8 scales per 32 values (one per 16). */
FC_DECODE_INLINE void fc_decode_q6_k(const void *row, int64_t b, uint8_t *u, float *scale, float *offset) {
    const block_q6_K *x = (const block_q6_K *)row + b / 8;
    const int half = (int)(b % 8) / 4, quarter = (int)(b % 4);
    const uint8_t *ql = x->ql + 64 * half + 32 * (quarter & 1);
    const uint8_t *qh = x->qh + 32 * half;
    const int shift = 4 * (quarter >> 1), hshift = 2 * quarter;
    for (int l = 0; l < 32; l++) u[l] = (uint8_t)(((ql[l] >> shift) & 0xF) | (((qh[l] >> hshift) & 3) << 4));
    const float d = FC_DECODE_FP16(x->d);
    const int8_t *sc = x->scales + 8 * half + 2 * quarter;
    scale[0] = d * (float)sc[0];
    scale[1] = d * (float)sc[1];
    (void)offset;
}

/* The panel format of each quantized type (signed_u only matters for Q8_0). */
static inline int fc_panel_format_of(int32_t type, int signed_u, fc_panel_format *f) {
    memset(f, 0, sizeof *f);
    switch (type) {
    case FC_TYPE_Q4_0: f->bias = 8; return 1;
    case FC_TYPE_Q4_1: f->has_offset = 1; return 1;
    case FC_TYPE_Q5_0: f->bias = 16; return 1;
    case FC_TYPE_Q5_1: f->has_offset = 1; return 1;
    case FC_TYPE_Q8_0: f->bias = signed_u ? 0 : 128; f->signed_u = signed_u; return 1;
    case FC_TYPE_Q4_K: case FC_TYPE_Q5_K: f->has_offset = 1; return 1;
    case FC_TYPE_Q6_K: f->bias = 32; f->sub16 = 1; return 1;
    default: return 0;
    }
}

/* Activation grouping of a quantized weight type: 256 for k-quants (one scale per super-block), else 32. */
static inline int fc_act_group_of(int32_t type) {
    return type == FC_TYPE_Q4_K || type == FC_TYPE_Q5_K || type == FC_TYPE_Q6_K ? 256 : 32;
}

#endif
