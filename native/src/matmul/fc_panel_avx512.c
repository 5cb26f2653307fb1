/*
 * AVX-512 panel kernels (batched matmul): the 4-row x 32-column register tiles and the AVX-512 panel table.
 * The packers are in fc_pack_avx512.c.
 *
 * Tile: 8 integer accumulators (4 rows x 2 groups of 16 columns) and 8 float accumulators. Per block of 32
 * values and step of 4: two panel loads, four 4-byte activation broadcasts, eight vpdpbusd. Per block, each
 * integer sum becomes float once: cvt, then fma with (column scale x row scale). The bias of unsigned weight
 * bytes is folded into each accumulator's start value (-bias x sum of the activation quants).
 */
#include <immintrin.h>

#include "fc_block_decode.h"

#define INLINE static inline __attribute__((always_inline))

INLINE __m512i bcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return _mm512_set1_epi32(v);
}

/* One register tile. sub16: two scales per block (Q6_K); has_off: per-column offsets times the activation
 * block sums; signed_u: int8 weights (Q8_0 without VNNI; the sign moves onto the activations). */
INLINE void tile_impl(const uint8_t *panel, const fc_tile_args *a, float *c, const int sub16, const int has_off,
                      const int vnni, const int signed_u) {
    const size_t gbytes = 512 + 64 * (sub16 ? 2 : 1) + (has_off ? 64 : 0);
    const int8_t *xq[FC_PANEL_ROWS];
    const fc_q8_meta *xm[FC_PANEL_ROWS];
    for (int r = 0; r < FC_PANEL_ROWS; r++) {
        xq[r] = (const int8_t *)a->xs[r] + 32 * a->b;
        xm[r] = fc_act_meta(a->xs[r], a->k) + a->b;
    }
    __m512 f[4][2];
    const int64_t ldc = a->ldc;
#pragma GCC unroll 4
    for (int r = 0; r < 4; r++) {
        f[r][0] = a->accumulate ? _mm512_loadu_ps(c + ldc * r) : _mm512_setzero_ps();
        f[r][1] = a->accumulate ? _mm512_loadu_ps(c + ldc * r + 16) : _mm512_setzero_ps();
    }
    const int bias = a->bias;
    const __m512i ones = _mm512_set1_epi16(1);
    for (int64_t bi = 0; bi < a->nb; bi++) {
        const uint8_t *p0 = panel + (size_t)bi * 2 * gbytes;
        const uint8_t *p1 = p0 + gbytes;
#pragma GCC unroll 2
        for (int h = 0; h < 2; h++) {
            if (h == 1 && !sub16) break;
            __m512i acc[4][2];
#pragma GCC unroll 4
            for (int r = 0; r < 4; r++) {
                const int32_t s = sub16 ? xm[r][bi].sum[h] : xm[r][bi].sum[0] + xm[r][bi].sum[1];
                acc[r][0] = acc[r][1] = _mm512_set1_epi32(-bias * s);
            }
#pragma GCC unroll 8
            for (int st = 0; st < 8; st++) {
                if (sub16 && st == 4) break;
                const int s = h * 4 + st;
                const __m512i w0 = _mm512_load_si512(p0 + 64 * s), w1 = _mm512_load_si512(p1 + 64 * s);
                if (vnni) {
#pragma GCC unroll 4
                    for (int r = 0; r < 4; r++) {
                        const __m512i xb = bcast4(xq[r] + 32 * bi + 4 * s);
                        acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], w0, xb);
                        acc[r][1] = _mm512_dpbusd_epi32(acc[r][1], w1, xb);
                    }
                } else if (signed_u) {
                    const __m512i a0 = _mm512_abs_epi8(w0), a1 = _mm512_abs_epi8(w1);
                    const __mmask64 n0 = _mm512_movepi8_mask(w0), n1 = _mm512_movepi8_mask(w1);
                    const __m512i zero = _mm512_setzero_si512();
#pragma GCC unroll 4
                    for (int r = 0; r < 4; r++) {
                        const __m512i xb = bcast4(xq[r] + 32 * bi + 4 * s);
                        const __m512i x0 = _mm512_mask_sub_epi8(xb, n0, zero, xb);
                        const __m512i x1 = _mm512_mask_sub_epi8(xb, n1, zero, xb);
                        acc[r][0] = _mm512_add_epi32(acc[r][0], _mm512_madd_epi16(_mm512_maddubs_epi16(a0, x0), ones));
                        acc[r][1] = _mm512_add_epi32(acc[r][1], _mm512_madd_epi16(_mm512_maddubs_epi16(a1, x1), ones));
                    }
                } else {
#pragma GCC unroll 4
                    for (int r = 0; r < 4; r++) {
                        const __m512i xb = bcast4(xq[r] + 32 * bi + 4 * s);
                        acc[r][0] = _mm512_add_epi32(acc[r][0], _mm512_madd_epi16(_mm512_maddubs_epi16(w0, xb), ones));
                        acc[r][1] = _mm512_add_epi32(acc[r][1], _mm512_madd_epi16(_mm512_maddubs_epi16(w1, xb), ones));
                    }
                }
            }
            const __m512 s0 = _mm512_load_ps((const float *)(p0 + 512) + 16 * h);
            const __m512 s1 = _mm512_load_ps((const float *)(p1 + 512) + 16 * h);
#pragma GCC unroll 4
            for (int r = 0; r < 4; r++) {
                const __m512 dx = _mm512_set1_ps(xm[r][bi].d);
                f[r][0] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[r][0]), _mm512_mul_ps(s0, dx), f[r][0]);
                f[r][1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[r][1]), _mm512_mul_ps(s1, dx), f[r][1]);
            }
        }
        if (has_off) {
            const __m512 o0 = _mm512_load_ps((const float *)(p0 + 512 + 64 * (sub16 ? 2 : 1)));
            const __m512 o1 = _mm512_load_ps((const float *)(p1 + 512 + 64 * (sub16 ? 2 : 1)));
#pragma GCC unroll 4
            for (int r = 0; r < 4; r++) {
                const __m512 ds = _mm512_set1_ps(xm[r][bi].ds);
                f[r][0] = _mm512_fmadd_ps(o0, ds, f[r][0]);
                f[r][1] = _mm512_fmadd_ps(o1, ds, f[r][1]);
            }
        }
    }
#pragma GCC unroll 4
    for (int r = 0; r < 4; r++) {
        _mm512_storeu_ps(c + ldc * r, f[r][0]);
        _mm512_storeu_ps(c + ldc * r + 16, f[r][1]);
    }
}

/* k-quant tile: the activation scale is constant over a super-block of 8 blocks (Q8_K grouping), so each
 * block's integer sums become float with one fma against the column scale into a super-block accumulator,
 * and the activation scale is applied once per super-block (c in memory). Requires b and nb multiples of 8. */
INLINE void tile_k_impl(const uint8_t *panel, const fc_tile_args *a, float *c, const int sub16, const int has_off,
                        const int vnni) {
    const size_t gbytes = 640;
    const int8_t *xq[FC_PANEL_ROWS];
    const fc_q8_meta *xm[FC_PANEL_ROWS];
    for (int r = 0; r < FC_PANEL_ROWS; r++) {
        xq[r] = (const int8_t *)a->xs[r] + 32 * a->b;
        xm[r] = fc_act_meta(a->xs[r], a->k) + a->b;
    }
    const int64_t ldc = a->ldc;
    if (!a->accumulate)
        for (int r = 0; r < 4; r++) {
            _mm512_storeu_ps(c + ldc * r, _mm512_setzero_ps());
            _mm512_storeu_ps(c + ldc * r + 16, _mm512_setzero_ps());
        }
    const int bias = a->bias;
    const __m512i ones = _mm512_set1_epi16(1);
    for (int64_t sb = 0; sb < a->nb; sb += 8) {
        __m512 f[4][2];
#pragma GCC unroll 4
        for (int r = 0; r < 4; r++) f[r][0] = f[r][1] = _mm512_setzero_ps();
        for (int64_t bi = sb; bi < sb + 8; bi++) {
            const uint8_t *p0 = panel + (size_t)bi * 2 * gbytes;
            const uint8_t *p1 = p0 + gbytes;
#pragma GCC unroll 2
            for (int h = 0; h < 2; h++) {
                if (h == 1 && !sub16) break;
                __m512i acc[4][2];
#pragma GCC unroll 4
                for (int r = 0; r < 4; r++) {
                    const int32_t sum = sub16 ? xm[r][bi].sum[h] : xm[r][bi].sum[0] + xm[r][bi].sum[1];
                    acc[r][0] = acc[r][1] = _mm512_set1_epi32(-bias * sum);
                }
#pragma GCC unroll 8
                for (int st = 0; st < 8; st++) {
                    if (sub16 && st == 4) break;
                    const int s = h * 4 + st;
                    const __m512i w0 = _mm512_load_si512(p0 + 64 * s), w1 = _mm512_load_si512(p1 + 64 * s);
#pragma GCC unroll 4
                    for (int r = 0; r < 4; r++) {
                        const __m512i xb = bcast4(xq[r] + 32 * bi + 4 * s);
                        if (vnni) {
                            acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], w0, xb);
                            acc[r][1] = _mm512_dpbusd_epi32(acc[r][1], w1, xb);
                        } else {
                            acc[r][0] = _mm512_add_epi32(acc[r][0], _mm512_madd_epi16(_mm512_maddubs_epi16(w0, xb), ones));
                            acc[r][1] = _mm512_add_epi32(acc[r][1], _mm512_madd_epi16(_mm512_maddubs_epi16(w1, xb), ones));
                        }
                    }
                }
                const __m512 s0 = _mm512_load_ps((const float *)(p0 + 512) + 16 * h);
                const __m512 s1 = _mm512_load_ps((const float *)(p1 + 512) + 16 * h);
#pragma GCC unroll 4
                for (int r = 0; r < 4; r++) {
                    f[r][0] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[r][0]), s0, f[r][0]);
                    f[r][1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[r][1]), s1, f[r][1]);
                }
            }
            if (has_off) {
                const __m512 o0 = _mm512_load_ps((const float *)(p0 + 576)), o1 = _mm512_load_ps((const float *)(p1 + 576));
#pragma GCC unroll 4
                for (int r = 0; r < 4; r++) {
                    const __m512 sum = _mm512_set1_ps((float)(xm[r][bi].sum[0] + xm[r][bi].sum[1]));
                    f[r][0] = _mm512_fmadd_ps(o0, sum, f[r][0]);
                    f[r][1] = _mm512_fmadd_ps(o1, sum, f[r][1]);
                }
            }
        }
#pragma GCC unroll 4
        for (int r = 0; r < 4; r++) {
            const __m512 dx = _mm512_set1_ps(xm[r][sb].d);
            _mm512_storeu_ps(c + ldc * r, _mm512_fmadd_ps(f[r][0], dx, _mm512_loadu_ps(c + ldc * r)));
            _mm512_storeu_ps(c + ldc * r + 16, _mm512_fmadd_ps(f[r][1], dx, _mm512_loadu_ps(c + ldc * r + 16)));
        }
    }
}

#define DEFINE_TILE_K(name, sub16, has_off, vnni)                                  \
    static void name(const void *panel, const fc_tile_args *a, float *c) {         \
        tile_k_impl(panel, a, c, sub16, has_off, vnni);                            \
    }
DEFINE_TILE_K(tile_k_vnni_off, 0, 1, 1)
DEFINE_TILE_K(tile_k_vnni_sub16, 1, 0, 1)
DEFINE_TILE_K(tile_k_bw_off, 0, 1, 0)
DEFINE_TILE_K(tile_k_bw_sub16, 1, 0, 0)

/* Float weights: c[r][0..32) (+)= sum over values of panel[kk][0..32) * x[r][kk]: two weight loads and four broadcasts feed
 * eight fmas per value; even and odd values accumulate separately so 16 fma chains hide the fma latency. */
static void tile_float(const void *panel, const fc_tile_args *a, float *c) {
    const float *x[FC_PANEL_ROWS];
    for (int r = 0; r < FC_PANEL_ROWS; r++) x[r] = (const float *)a->xs[r] + 16 * a->b;
    const int64_t ldc = a->ldc;
    __m512 f[2][4][2];
#pragma GCC unroll 4
    for (int r = 0; r < 4; r++) {
        f[0][r][0] = a->accumulate ? _mm512_loadu_ps(c + ldc * r) : _mm512_setzero_ps();
        f[0][r][1] = a->accumulate ? _mm512_loadu_ps(c + ldc * r + 16) : _mm512_setzero_ps();
        f[1][r][0] = f[1][r][1] = _mm512_setzero_ps();
    }
    const float *p = panel;
    const int64_t n = 16 * a->nb;
    for (int64_t kk = 0; kk < n; kk += 2) {
#pragma GCC unroll 2
        for (int u = 0; u < 2; u++) {
            const __m512 w0 = _mm512_load_ps(p + 32 * (kk + u)), w1 = _mm512_load_ps(p + 32 * (kk + u) + 16);
#pragma GCC unroll 4
            for (int r = 0; r < 4; r++) {
                const __m512 xb = _mm512_set1_ps(x[r][kk + u]);
                f[u][r][0] = _mm512_fmadd_ps(w0, xb, f[u][r][0]);
                f[u][r][1] = _mm512_fmadd_ps(w1, xb, f[u][r][1]);
            }
        }
    }
#pragma GCC unroll 4
    for (int r = 0; r < 4; r++) {
        _mm512_storeu_ps(c + ldc * r, _mm512_add_ps(f[0][r][0], f[1][r][0]));
        _mm512_storeu_ps(c + ldc * r + 16, _mm512_add_ps(f[0][r][1], f[1][r][1]));
    }
}

#define DEFINE_TILE(name, sub16, has_off, vnni, signed_u)                          \
    static void name(const void *panel, const fc_tile_args *a, float *c) {         \
        tile_impl(panel, a, c, sub16, has_off, vnni, signed_u);                    \
    }
DEFINE_TILE(tile_vnni, 0, 0, 1, 0)
DEFINE_TILE(tile_vnni_off, 0, 1, 1, 0)
DEFINE_TILE(tile_vnni_sub16, 1, 0, 1, 0)
DEFINE_TILE(tile_bw, 0, 0, 0, 0)
DEFINE_TILE(tile_bw_off, 0, 1, 0, 0)
DEFINE_TILE(tile_bw_sub16, 1, 0, 0, 0)
DEFINE_TILE(tile_bw_signed, 0, 0, 0, 1)

void fc_panel_kernels_avx512(int32_t type, int vnni, fc_mm_kernels *out) {
    if (type == FC_TYPE_F32 || type == FC_TYPE_F16 || type == FC_TYPE_BF16) {
        memset(&out->format, 0, sizeof out->format);
        out->pack = fc_pack_avx512(type, 0);
        out->tile = tile_float;
        out->panel_block_bytes = 2048;
        out->block = 16;
        return;
    }
    fc_panel_format f;
    if (!fc_panel_format_of(type, !vnni, &f)) return;
    out->format = f;
    out->pack = fc_pack_avx512(type, f.signed_u);
    out->panel_block_bytes = fc_panel_block_bytes(&f);
    out->block = 32;
    if (type == FC_TYPE_Q4_K || type == FC_TYPE_Q5_K || type == FC_TYPE_Q6_K) {
        out->tile = vnni ? (f.sub16 ? tile_k_vnni_sub16 : tile_k_vnni_off) : (f.sub16 ? tile_k_bw_sub16 : tile_k_bw_off);
        out->block_align = 8;
    } else if (vnni) {
        out->tile = f.sub16 ? tile_vnni_sub16 : f.has_offset ? tile_vnni_off : tile_vnni;
    } else {
        out->tile = f.signed_u ? tile_bw_signed : f.sub16 ? tile_bw_sub16 : f.has_offset ? tile_bw_off : tile_bw;
    }
}
