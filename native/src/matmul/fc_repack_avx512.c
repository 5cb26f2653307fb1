/*
 * AVX-512 register tiles over repacked Q4_0 / Q8_0 weights (layout in fc_repack.h): up to 4 activation rows x
 * 32 columns (two strips). Per block and step of 4 values: one 64-byte load per strip (Q4_0: one load gives the
 * low- and high-nibble steps), one 4-byte activation broadcast per row, one vpdpbusd per row and strip. The
 * integer sums start at -bias x the activation block sum (unsigned weight bytes) and become float once per
 * block: cvt, then fma with (column scale x row scale).
 */
#include <immintrin.h>
#include <string.h>

#include "fastchat.h"
#include "fc_repack.h"
#include "fc_vec_dot.h"

#define INLINE static inline __attribute__((always_inline))

enum { PF = 8 }; /* prefetch distance in blocks: ~2.3 KiB (Q4_0) or 4.3 KiB (Q8_0) ahead on each strip */

INLINE __m512i bcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return _mm512_set1_epi32(v);
}

/* acc + w . x per 32-bit lane (4 byte products). Unsigned w: vpdpbusd, or vpmaddubsw where every product pair
 * stays below 2^15 (Q4_0 nibbles <= 15). Signed w (Q8_0 without VNNI): the sign moves onto x, |w| <= 128. */
INLINE __m512i dot4(__m512i acc, __m512i w, __m512i x, const int vnni, const int signed_w) {
    if (vnni) return _mm512_dpbusd_epi32(acc, w, x);
    const __m512i ones = _mm512_set1_epi16(1);
    if (signed_w) {
        x = _mm512_mask_sub_epi8(x, _mm512_movepi8_mask(w), _mm512_setzero_si512(), x);
        w = _mm512_abs_epi8(w);
    }
    return _mm512_add_epi32(acc, _mm512_madd_epi16(_mm512_maddubs_epi16(w, x), ones));
}

/* The weights of step s (0..7) of one strip's block as the bytes dot4 expects. */
INLINE __m512i weights(const uint8_t *blk, int s, const int q8, const int vnni) {
    if (q8) {
        const __m512i u = _mm512_loadu_si512(blk + 64 * s); /* stored as w + 128: unsigned, bias 128 */
        return vnni ? u : _mm512_xor_si512(u, _mm512_set1_epi8((char)0x80));
    }
    const __m512i raw = _mm512_loadu_si512(blk + 64 * (s & 3));
    const __m512i nib = s < 4 ? raw : _mm512_srli_epi16(raw, 4);
    return _mm512_and_si512(nib, _mm512_set1_epi8(0x0F)); /* values 0..15, bias 8 */
}

INLINE __mmask16 column_mask(int cols, int t) {
    const int c = cols - 16 * t;
    return c >= 16 ? (__mmask16)0xFFFF : c <= 0 ? (__mmask16)0 : (__mmask16)((1u << c) - 1);
}

INLINE void tile(const fc_rtile_args *a, const int R, const int S, const int q8, const int vnni) {
    const size_t block_bytes = fc_repack_block_bytes(q8);
    const int bias = q8 ? (vnni ? 128 : 0) : 8;
    const int signed_w = q8 && !vnni;
    const int8_t *xq[4];
    const fc_q8_meta *xm[4];
    for (int r = 0; r < R; r++) {
        xq[r] = (const int8_t *)a->xs[r] + 32 * a->b;
        xm[r] = fc_act_meta(a->xs[r], a->k) + a->b;
    }
    const __mmask16 mask[2] = {column_mask(a->cols, 0), column_mask(a->cols, 1)};
    __m512 f[4][2];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < S; t++)
            f[r][t] = a->accumulate ? _mm512_maskz_loadu_ps(mask[t], a->y + a->ldc * r + 16 * t) : _mm512_setzero_ps();

    /* vpdpbusd has a latency of several cycles: steps go round-robin into NA independent accumulators per
     * (row, strip) so the chains overlap. A 4 x 2 tile has 8 chains with one accumulator each, which left
     * the VNNI units waiting: two each (16 chains, 24 of the 32 registers with the float sums) measured
     * +2-7% at batch 8-512 (Q4_0; Q8_0 unchanged). Integer sums are exact, so results do not change. */
    const int NA = R == 1 ? 4 : 2;
    for (int64_t bi = 0; bi < a->nb; bi++) {
        const uint8_t *blk[2] = {a->strip[0] + bi * a->block_stride, S > 1 ? a->strip[1] + bi * a->block_stride : NULL};
        /* the first row group of a slice streams the strips from memory: ask for them ~PF blocks ahead */
        if (a->prefetch)
            for (int t = 0; t < S; t++)
                for (size_t o = 0; o < block_bytes; o += 64) _mm_prefetch((const char *)blk[t] + PF * a->block_stride + o, _MM_HINT_T0);
        __m512i acc[4][2][4];
        for (int r = 0; r < R; r++) {
            const __m512i start = _mm512_set1_epi32(-bias * (xm[r][bi].sum[0] + xm[r][bi].sum[1]));
            for (int t = 0; t < S; t++) {
                acc[r][t][0] = start;
                for (int c = 1; c < NA; c++) acc[r][t][c] = _mm512_setzero_si512();
            }
        }
#pragma GCC unroll 8
        for (int s = 0; s < 8; s++) {
            __m512i w[2];
            for (int t = 0; t < S; t++) w[t] = weights(blk[t], s, q8, vnni);
            for (int r = 0; r < R; r++) {
                const __m512i x = bcast4(xq[r] + 32 * bi + 4 * s);
                for (int t = 0; t < S; t++) acc[r][t][s % NA] = dot4(acc[r][t][s % NA], w[t], x, vnni, signed_w);
            }
        }
        for (int t = 0; t < S; t++) {
            const __m512 scale = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(blk[t] + block_bytes - 32)));
            for (int r = 0; r < R; r++) {
                __m512i sum = acc[r][t][0];
                for (int c = 1; c < NA; c++) sum = _mm512_add_epi32(sum, acc[r][t][c]);
                f[r][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(scale, _mm512_set1_ps(xm[r][bi].d)), f[r][t]);
            }
        }
    }
    for (int r = 0; r < R; r++)
        for (int t = 0; t < S; t++) _mm512_mask_storeu_ps(a->y + a->ldc * r + 16 * t, mask[t], f[r][t]);
}

/* One function per type and instruction set; rows and strips become constants so the loops unroll and every
 * accumulator stays in a register. */
#define DEFINE_RTILE(name, q8, vnni)                                                                     \
    static void name(const fc_rtile_args *a) {                                                           \
        switch (a->rows * 2 + a->strips - 1) {                                                           \
        case 2: tile(a, 1, 1, q8, vnni); break;                                                          \
        case 3: tile(a, 1, 2, q8, vnni); break;                                                          \
        case 4: tile(a, 2, 1, q8, vnni); break;                                                          \
        case 5: tile(a, 2, 2, q8, vnni); break;                                                          \
        case 6: tile(a, 3, 1, q8, vnni); break;                                                          \
        case 7: tile(a, 3, 2, q8, vnni); break;                                                          \
        case 8: tile(a, 4, 1, q8, vnni); break;                                                          \
        default: tile(a, 4, 2, q8, vnni); break;                                                         \
        }                                                                                                \
    }
DEFINE_RTILE(rtile_q4_0_vnni, 0, 1)
DEFINE_RTILE(rtile_q4_0_bw, 0, 0)
DEFINE_RTILE(rtile_q8_0_vnni, 1, 1)
DEFINE_RTILE(rtile_q8_0_bw, 1, 0)

fc_rtile_fn fc_rtile_avx512(int32_t type, int vnni) {
    switch (type) {
    case FC_TYPE_Q4_0: return vnni ? rtile_q4_0_vnni : rtile_q4_0_bw;
    case FC_TYPE_Q8_0: return vnni ? rtile_q8_0_vnni : rtile_q8_0_bw;
    default: return NULL;
    }
}
