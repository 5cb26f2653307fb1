/*
 * Q4_K, Q5_K, Q6_K to float.
 * Q4_K / Q5_K: each 64-element chunk c takes 32 bytes of qs, the low nibbles for elements 64c..64c+31
 * (sub-block 2c), the high nibbles for 64c+32..64c+63 (sub-block 2c+1); x = d * scale - dmin * min.
 * Q5_K adds the fifth bit of element 64c + l in bit 2c of qh[l] and of 64c + 32 + l in bit 2c + 1.
 * Q6_K: each 128-element half h takes 64 bytes of ql and 32 of qh; element 128h + 32g + l (g = 0..3) has
 * its low 4 bits in ql[64h + 32(g & 1) + l] (low nibble for g < 2), its high 2 bits at bit 2g of
 * qh[32h + l], and scale e / 16 (e its index in the super-block); x = d * scale * (q - 32).
 */
#include "fc_quant_kernels.h"

/* One 64-element chunk c of a Q4_K / Q5_K super-block; qh is NULL for Q4_K (no fifth bit). Inlined with a
 * constant qh, so each caller gets its own branch-free loop. */
static inline void dequantize_k4_chunk(float d, float dmin, const uint8_t *scales, const uint8_t *q,
                                       const uint8_t *qh, int c, float *y) {
    uint8_t sc, m;
    fc_k4_scale_min(2 * c, scales, &sc, &m);
    const float d_lo = d * sc, m_lo = dmin * m;
    fc_k4_scale_min(2 * c + 1, scales, &sc, &m);
    const float d_hi = d * sc, m_hi = dmin * m;
    for (int l = 0; l < 32; l++) {
        const int hi_lo = qh ? ((qh[l] >> (2 * c)) & 1) << 4 : 0;
        const int hi_hi = qh ? ((qh[l] >> (2 * c + 1)) & 1) << 4 : 0;
        y[l] = d_lo * ((q[l] & 0x0f) | hi_lo) - m_lo;
        y[l + 32] = d_hi * ((q[l] >> 4) | hi_hi) - m_hi;
    }
}

void fc_dequantize_row_q4_K(const void *vx, float *y, int64_t k) {
    const block_q4_K *x = vx;
    for (int64_t i = 0; i < k / QK_K; i++) {
        const float d = FC_FP16_TO_FP32(x[i].d), dmin = FC_FP16_TO_FP32(x[i].dmin);
        for (int c = 0; c < 4; c++, y += 64) dequantize_k4_chunk(d, dmin, x[i].scales, x[i].qs + 32 * c, NULL, c, y);
    }
}

void fc_dequantize_row_q5_K(const void *vx, float *y, int64_t k) {
    const block_q5_K *x = vx;
    for (int64_t i = 0; i < k / QK_K; i++) {
        const float d = FC_FP16_TO_FP32(x[i].d), dmin = FC_FP16_TO_FP32(x[i].dmin);
        for (int c = 0; c < 4; c++, y += 64) dequantize_k4_chunk(d, dmin, x[i].scales, x[i].qs + 32 * c, x[i].qh, c, y);
    }
}

void fc_dequantize_row_q6_K(const void *vx, float *y, int64_t k) {
    const block_q6_K *x = vx;
    for (int64_t i = 0; i < k / QK_K; i++) {
        const float d = FC_FP16_TO_FP32(x[i].d);
        for (int h = 0; h < 2; h++, y += 128) {
            const uint8_t *ql = x[i].ql + 64 * h, *qh = x[i].qh + 32 * h;
            const int8_t *sc = x[i].scales + 8 * h;
            for (int l = 0; l < 32; l++) {
                const int s = l / 16;
                const int q0 = ((ql[l] & 0x0f) | ((qh[l] >> 0) & 3) << 4) - 32;
                const int q1 = ((ql[l + 32] & 0x0f) | ((qh[l] >> 2) & 3) << 4) - 32;
                const int q2 = ((ql[l] >> 4) | ((qh[l] >> 4) & 3) << 4) - 32;
                const int q3 = ((ql[l + 32] >> 4) | ((qh[l] >> 6) & 3) << 4) - 32;
                y[l] = d * sc[s] * q0;
                y[l + 32] = d * sc[s + 2] * q1;
                y[l + 64] = d * sc[s + 4] * q2;
                y[l + 96] = d * sc[s + 6] * q3;
            }
        }
    }
}
