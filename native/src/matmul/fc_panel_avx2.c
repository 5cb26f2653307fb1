/*
 * AVX2 panel kernels (batched matmul of quantized weights). Same panel layout as AVX-512; with 16 ymm
 * registers the 4 x 32 tile runs as four 4-row x 8-column slices (4 integer + 4 float accumulators each).
 * Integer products: vpmaddubsw + vpmaddwd (see fc_vec_dot_avx2.c for why they cannot saturate).
 */
#include <immintrin.h>

#include "fc_vec_dot.h"

#define INLINE static inline __attribute__((always_inline))

/* 8 x 8 transpose of 32-bit words: rows r[0..7] -> out[64 s] = word s of each row. */
INLINE void transpose8x8(const uint8_t rows[][32], uint8_t *out) {
    __m256i r[8], t[8], u[8];
    for (int i = 0; i < 8; i++) r[i] = _mm256_load_si256((const __m256i *)rows[i]);
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_epi32(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_unpacklo_epi64(t[i], t[i + 2]);
        u[i + 1] = _mm256_unpackhi_epi64(t[i], t[i + 2]);
        u[i + 2] = _mm256_unpacklo_epi64(t[i + 1], t[i + 3]);
        u[i + 3] = _mm256_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    /* u[j] (j < 4) holds words j (low lane) and j + 4 (high lane) of rows 0..3; u[j + 4] of rows 4..7 */
    for (int j = 0; j < 4; j++) {
        _mm256_storeu_si256((__m256i *)(out + 64 * j), _mm256_permute2x128_si256(u[j], u[j + 4], 0x20));
        _mm256_storeu_si256((__m256i *)(out + 64 * (j + 4)), _mm256_permute2x128_si256(u[j], u[j + 4], 0x31));
    }
}

INLINE void transpose16x8(const uint8_t rows[16][32], uint8_t *out) {
    transpose8x8(rows, out);
    transpose8x8(rows + 8, out + 32);
}

#include "fc_pack_body.h"

INLINE __m256i bcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return _mm256_set1_epi32(v);
}

INLINE void tile_impl(const uint8_t *panel, const fc_tile_args *a, float *c, const int sub16, const int has_off,
                      const int signed_u) {
    const size_t gbytes = 512 + 64 * (sub16 ? 2 : 1) + (has_off ? 64 : 0);
    const int8_t *xq[FC_PANEL_ROWS];
    const fc_q8_meta *xm[FC_PANEL_ROWS];
    for (int r = 0; r < FC_PANEL_ROWS; r++) {
        xq[r] = (const int8_t *)a->xs[r] + 32 * a->b;
        xm[r] = fc_act_meta(a->xs[r], a->k) + a->b;
    }
    const int bias = a->bias;
    const __m256i ones = _mm256_set1_epi16(1);
    for (int q = 0; q < 4; q++) { /* 8-column slice: group q / 2, lanes 8 (q % 2) .. + 7 */
        const size_t lane_off = (size_t)(q / 2) * gbytes + 32 * (size_t)(q % 2);
        __m256 f[4];
#pragma GCC unroll 4
        for (int r = 0; r < 4; r++) f[r] = a->accumulate ? _mm256_loadu_ps(c + a->ldc * r + 8 * q) : _mm256_setzero_ps();
        for (int64_t bi = 0; bi < a->nb; bi++) {
            const uint8_t *p = panel + (size_t)bi * 2 * gbytes + lane_off;
            const float *scales = (const float *)(panel + (size_t)bi * 2 * gbytes + (size_t)(q / 2) * gbytes + 512) + 8 * (q % 2);
#pragma GCC unroll 2
            for (int h = 0; h < 2; h++) {
                if (h == 1 && !sub16) break;
                __m256i acc[4];
#pragma GCC unroll 4
                for (int r = 0; r < 4; r++) {
                    const int32_t s = sub16 ? xm[r][bi].sum[h] : xm[r][bi].sum[0] + xm[r][bi].sum[1];
                    acc[r] = _mm256_set1_epi32(-bias * s);
                }
#pragma GCC unroll 8
                for (int st = 0; st < 8; st++) {
                    if (sub16 && st == 4) break;
                    const int s = h * 4 + st;
                    const __m256i w = _mm256_load_si256((const __m256i *)(p + 64 * s));
                    if (signed_u) {
                        const __m256i wa = _mm256_abs_epi8(w);
#pragma GCC unroll 4
                        for (int r = 0; r < 4; r++) {
                            const __m256i xb = _mm256_sign_epi8(bcast4(xq[r] + 32 * bi + 4 * s), w);
                            acc[r] = _mm256_add_epi32(acc[r], _mm256_madd_epi16(_mm256_maddubs_epi16(wa, xb), ones));
                        }
                    } else {
#pragma GCC unroll 4
                        for (int r = 0; r < 4; r++) {
                            const __m256i xb = bcast4(xq[r] + 32 * bi + 4 * s);
                            acc[r] = _mm256_add_epi32(acc[r], _mm256_madd_epi16(_mm256_maddubs_epi16(w, xb), ones));
                        }
                    }
                }
                const __m256 sc = _mm256_load_ps(scales + 16 * h);
#pragma GCC unroll 4
                for (int r = 0; r < 4; r++)
                    f[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(acc[r]), _mm256_mul_ps(sc, _mm256_set1_ps(xm[r][bi].d)), f[r]);
            }
            if (has_off) {
                const __m256 o = _mm256_load_ps(scales + 16 * (sub16 ? 2 : 1));
#pragma GCC unroll 4
                for (int r = 0; r < 4; r++) f[r] = _mm256_fmadd_ps(o, _mm256_set1_ps(xm[r][bi].ds), f[r]);
            }
        }
#pragma GCC unroll 4
        for (int r = 0; r < 4; r++) _mm256_storeu_ps(c + a->ldc * r + 8 * q, f[r]);
    }
}

#define DEFINE_TILE(name, sub16, has_off, signed_u)                         \
    static void name(const void *panel, const fc_tile_args *a, float *c) {  \
        tile_impl(panel, a, c, sub16, has_off, signed_u);                   \
    }
DEFINE_TILE(tile_plain, 0, 0, 0)
DEFINE_TILE(tile_off, 0, 1, 0)
DEFINE_TILE(tile_sub16, 1, 0, 0)
DEFINE_TILE(tile_signed, 0, 0, 1)

void fc_panel_kernels_avx2(int32_t type, fc_mm_kernels *out) {
    fc_panel_format f;
    if (!fc_panel_format_of(type, 1, &f)) return;
    out->format = f;
    out->pack = pack_of(type, f.signed_u);
    out->panel_block_bytes = fc_panel_block_bytes(&f);
    out->block = 32;
    out->tile = f.signed_u ? tile_signed : f.sub16 ? tile_sub16 : f.has_offset ? tile_off : tile_plain;
}
