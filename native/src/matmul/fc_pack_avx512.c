/*
 * AVX-512 panel packers: the weight rows of a panel are transposed so that lane l of every vector is column l
 * (see fc_vec_dot.h for the layout). Dedicated packers transpose the raw quant bytes of Q4_0, Q8_0 and the
 * k-quants and split them afterwards; the other types go through the generic decode-then-transpose packers
 * of fc_pack_body.h. Float weights become f32 panels.
 */
#include <immintrin.h>
#include <stddef.h>

#include "fc_vec_dot.h"

#define INLINE static inline __attribute__((always_inline))

/* Lanes l of output step s = 4-byte word s of row l: two 16 x 4 word transposes (words 0-3, 4-7). */
INLINE void transpose4(__m512i a[4], uint8_t *out) {
    const __m512i t0 = _mm512_unpacklo_epi32(a[0], a[1]), t1 = _mm512_unpackhi_epi32(a[0], a[1]);
    const __m512i t2 = _mm512_unpacklo_epi32(a[2], a[3]), t3 = _mm512_unpackhi_epi32(a[2], a[3]);
    _mm512_storeu_si512(out, _mm512_unpacklo_epi64(t0, t2));
    _mm512_storeu_si512(out + 64, _mm512_unpackhi_epi64(t0, t2));
    _mm512_storeu_si512(out + 128, _mm512_unpacklo_epi64(t1, t3));
    _mm512_storeu_si512(out + 192, _mm512_unpackhi_epi64(t1, t3));
}

/* a_k (k = 0..3) holds in its 128-bit chunk c the 16 bytes of row k + 4c, so the within-chunk 4 x 4 word
 * transpose leaves column 4c + k in lane 4c + k. */
INLINE void transpose16x8(const uint8_t rows[16][32], uint8_t *out) {
    __m512i lo[4], hi[4];
    for (int k = 0; k < 4; k++) {
        const __m512i z1 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_load_si256((const __m256i *)rows[k])),
                                              _mm256_load_si256((const __m256i *)rows[k + 4]), 1);
        const __m512i z2 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_load_si256((const __m256i *)rows[k + 8])),
                                              _mm256_load_si256((const __m256i *)rows[k + 12]), 1);
        lo[k] = _mm512_shuffle_i64x2(z1, z2, _MM_SHUFFLE(2, 0, 2, 0));
        hi[k] = _mm512_shuffle_i64x2(z1, z2, _MM_SHUFFLE(3, 1, 3, 1));
    }
    transpose4(lo, out);
    transpose4(hi, out + 256);
}

#include "fc_pack_body.h"

/* Dedicated packers for the two most used legacy types: the raw quant bytes of 16 columns are transposed
 * straight from the weight rows (for Q4_0 the nibble split commutes with the transpose: step s < 4 is the
 * low nibbles of bytes 4s..4s+3, step s + 4 their high nibbles), and the 16 scales one conversion. */

/* Word s of the 16 rows at p[l] (16 bytes each, l = 0..15) into t[s], lane l. */
INLINE void transpose16x4_rows(const uint8_t *const p[16], __m512i t[4]) {
    __m512i a[4];
    for (int k = 0; k < 4; k++) {
        __m512i z = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)p[k]));
        z = _mm512_inserti32x4(z, _mm_loadu_si128((const __m128i *)p[k + 4]), 1);
        z = _mm512_inserti32x4(z, _mm_loadu_si128((const __m128i *)p[k + 8]), 2);
        a[k] = _mm512_inserti32x4(z, _mm_loadu_si128((const __m128i *)p[k + 12]), 3);
    }
    const __m512i t0 = _mm512_unpacklo_epi32(a[0], a[1]), t1 = _mm512_unpackhi_epi32(a[0], a[1]);
    const __m512i t2 = _mm512_unpacklo_epi32(a[2], a[3]), t3 = _mm512_unpackhi_epi32(a[2], a[3]);
    t[0] = _mm512_unpacklo_epi64(t0, t2);
    t[1] = _mm512_unpackhi_epi64(t0, t2);
    t[2] = _mm512_unpacklo_epi64(t1, t3);
    t[3] = _mm512_unpackhi_epi64(t1, t3);
}

/* The fp16 scales at offset 0 of block b of 16 rows (row_bytes apart) as floats, one per lane. */
INLINE __m512 load_scales(const uint8_t *base, size_t row_bytes) {
    uint16_t h[16] __attribute__((aligned(32)));
    for (int l = 0; l < 16; l++) memcpy(&h[l], base + (size_t)l * row_bytes, 2);
    return _mm512_cvtph_ps(_mm256_load_si256((const __m256i *)h));
}

/* Splits (Q4_0) or re-biases (Q8_0) one transposed block of 16 columns and stores its 8 steps. */
INLINE void store_quants(const uint8_t *const p[16], uint8_t *out, const int q8) {
    const __m512i m4 = _mm512_set1_epi8(0x0F), flip = _mm512_set1_epi8((char)0x80);
    __m512i t[4];
    transpose16x4_rows(p, t);
    if (q8) {
        for (int s = 0; s < 4; s++) _mm512_store_si512(out + 64 * s, _mm512_xor_si512(t[s], flip));
        const uint8_t *p2[16];
        for (int l = 0; l < 16; l++) p2[l] = p[l] + 16;
        transpose16x4_rows(p2, t);
        for (int s = 0; s < 4; s++) _mm512_store_si512(out + 64 * (s + 4), _mm512_xor_si512(t[s], flip));
    } else {
        for (int s = 0; s < 4; s++) {
            _mm512_store_si512(out + 64 * s, _mm512_and_si512(t[s], m4));
            _mm512_store_si512(out + 64 * (s + 4), _mm512_and_si512(_mm512_srli_epi16(t[s], 4), m4));
        }
    }
}

/* A group of 16 present columns, blocks [b0, b0 + nb): pointers are set up once and the 16 fp16 scales of a
 * block come in with one gather (32-bit offsets: row_bytes < 2^27, checked by the caller). */
INLINE void pack_group_full(const uint8_t *w, size_t row_bytes, int64_t b0, int64_t nb, uint8_t *out, const int q8) {
    const size_t block = q8 ? sizeof(block_q8_0) : sizeof(block_q4_0);
    const size_t qs_off = q8 ? offsetof(block_q8_0, qs) : offsetof(block_q4_0, qs);
    const __m512i offsets = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                               _mm512_set1_epi32((int)row_bytes));
    const uint8_t *p[16];
    for (int l = 0; l < 16; l++) p[l] = w + (size_t)l * row_bytes + (size_t)b0 * block + qs_off;
    const uint8_t *d = w + (size_t)b0 * block;
    for (int64_t b = 0; b < nb; b++, out += 1152, d += block) {
        /* 32 row streams are more than the hardware prefetcher follows: ask for the line ~8 blocks ahead,
         * once per line (a line holds 3.5 Q4_0 or 1.9 Q8_0 blocks) */
        if ((b & (q8 ? 1 : 3)) == 0)
            for (int l = 0; l < 16; l++) _mm_prefetch((const char *)p[l] + 8 * block, _MM_HINT_T0);
        store_quants(p, out, q8);
        const __m512i h = _mm512_i32gather_epi32(offsets, d, 1); /* low half of lane l: d of column l */
        _mm512_store_ps((float *)(out + 512), _mm512_cvtph_ps(_mm512_cvtepi32_epi16(h)));
        for (int l = 0; l < 16; l++) p[l] += block;
    }
}

INLINE void pack_fast(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst, const int q8) {
    const size_t block = q8 ? sizeof(block_q8_0) : sizeof(block_q4_0);
    const size_t qs_off = q8 ? offsetof(block_q8_0, qs) : offsetof(block_q4_0, qs);
    static const uint8_t zeros[32] __attribute__((aligned(32)));
    for (int g = 0; g < 2; g++) {
        const uint8_t *wg = (const uint8_t *)w + (size_t)(16 * g) * row_bytes;
        uint8_t *out = (uint8_t *)dst + 576 * g;
        if (16 * g + 16 <= n_cols && row_bytes < ((size_t)1 << 27)) {
            pack_group_full(wg, row_bytes, b0, nb, out, q8);
            continue;
        }
        /* the last panel's partial group: absent columns read zeros */
        for (int64_t b = b0; b < b0 + nb; b++, out += 1152) {
            const uint8_t *p[16];
            for (int l = 0; l < 16; l++)
                p[l] = 16 * g + l < n_cols ? wg + (size_t)l * row_bytes + (size_t)b * block + qs_off : zeros;
            store_quants(p, out, q8);
            float *sc = (float *)(out + 512);
            for (int l = 0; l < 16; l++)
                sc[l] = 16 * g + l < n_cols ? _cvtsh_ss(*(const fc_fp16 *)(wg + (size_t)l * row_bytes + (size_t)b * block)) : 0.0f;
        }
    }
}

/* Words 0..7 of 16 rows of 32 bytes at p[l] into t[0..7], lane l (see transpose16x8). */
INLINE void transpose16x8_rows(const uint8_t *const p[16], __m512i t[8]) {
    __m512i lo[4], hi[4];
    for (int k = 0; k < 4; k++) {
        const __m512i z1 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)p[k])),
                                              _mm256_loadu_si256((const __m256i *)p[k + 4]), 1);
        const __m512i z2 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)p[k + 8])),
                                              _mm256_loadu_si256((const __m256i *)p[k + 12]), 1);
        lo[k] = _mm512_shuffle_i64x2(z1, z2, _MM_SHUFFLE(2, 0, 2, 0));
        hi[k] = _mm512_shuffle_i64x2(z1, z2, _MM_SHUFFLE(3, 1, 3, 1));
    }
    for (int h = 0; h < 2; h++) {
        __m512i *a = h ? hi : lo;
        const __m512i t0 = _mm512_unpacklo_epi32(a[0], a[1]), t1 = _mm512_unpackhi_epi32(a[0], a[1]);
        const __m512i t2 = _mm512_unpacklo_epi32(a[2], a[3]), t3 = _mm512_unpackhi_epi32(a[2], a[3]);
        t[4 * h + 0] = _mm512_unpacklo_epi64(t0, t2);
        t[4 * h + 1] = _mm512_unpackhi_epi64(t0, t2);
        t[4 * h + 2] = _mm512_unpacklo_epi64(t1, t3);
        t[4 * h + 3] = _mm512_unpackhi_epi64(t1, t3);
    }
}

/* k-quant packers: a super-block of each of 16 columns at a time (fc_matmul packs whole rows, so b0 and nb
 * are multiples of 8). The quant bytes are transposed raw and split into blocks of 32 after the transpose;
 * the 6-bit (Q4_K/Q5_K) or int8 (Q6_K) sub-block scales are decoded per column in scalar code. */
INLINE void pack_k_impl(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst, const int32_t type) {
    const size_t sb_bytes = type == FC_TYPE_Q4_K ? sizeof(block_q4_K) : type == FC_TYPE_Q5_K ? sizeof(block_q5_K) : sizeof(block_q6_K);
    const size_t gbytes = 640; /* 512 + 64 scales + 64 offsets (Q4_K/Q5_K) or 2 x 64 scales (Q6_K) */
    const __m512i m4 = _mm512_set1_epi8(0x0F), m2 = _mm512_set1_epi8(0x03), one = _mm512_set1_epi8(0x01);
    static const uint8_t zeros[sizeof(block_q6_K) + 32] __attribute__((aligned(64)));
    uint8_t *out = dst;
    for (int64_t sb = b0 / 8; sb < (b0 + nb) / 8; sb++, out += 8 * 2 * gbytes) {
        for (int g = 0; g < 2; g++) {
            const uint8_t *blk[16];
            for (int l = 0; l < 16; l++) {
                const int col = 16 * g + l;
                blk[l] = col < n_cols ? (const uint8_t *)w + (size_t)col * row_bytes + (size_t)sb * sb_bytes : zeros;
                _mm_prefetch((const char *)blk[l] + sb_bytes, _MM_HINT_T0);
                _mm_prefetch((const char *)blk[l] + sb_bytes + 64, _MM_HINT_T0);
            }
            uint8_t *gout = out + (size_t)g * gbytes;
            /* scales and offsets, [block j][lane l] */
            float sc[8][16], of[8][16], sc2[8][16];
            for (int l = 0; l < 16; l++) {
                if (blk[l] == zeros) {
                    for (int j = 0; j < 8; j++) sc[j][l] = of[j][l] = sc2[j][l] = 0.0f;
                } else if (type == FC_TYPE_Q6_K) {
                    const block_q6_K *x = (const block_q6_K *)(const void *)blk[l];
                    const float d = _cvtsh_ss(x->d);
                    for (int j = 0; j < 8; j++) {
                        sc[j][l] = d * (float)x->scales[2 * j];
                        sc2[j][l] = d * (float)x->scales[2 * j + 1];
                    }
                } else {
                    /* Q4_K and Q5_K both start with d, dmin, scales[12] */
                    fc_fp16 d16, dmin16;
                    memcpy(&d16, blk[l] + offsetof(block_q4_K, d), sizeof d16);
                    memcpy(&dmin16, blk[l] + offsetof(block_q4_K, dmin), sizeof dmin16);
                    const float d = _cvtsh_ss(d16), dmin = _cvtsh_ss(dmin16);
                    for (int j = 0; j < 8; j++) {
                        int s6, m6;
                        fc_k4_scale_min(j, blk[l] + offsetof(block_q4_K, scales), &s6, &m6);
                        sc[j][l] = d * (float)s6;
                        of[j][l] = -dmin * (float)m6;
                    }
                }
            }
            for (int j = 0; j < 8; j++) {
                float *bs = (float *)(gout + (size_t)j * 2 * gbytes + 512);
                _mm512_store_ps(bs, _mm512_loadu_ps(sc[j]));
                _mm512_store_ps(bs + 16, _mm512_loadu_ps(type == FC_TYPE_Q6_K ? sc2[j] : of[j]));
            }
            const uint8_t *p[16];
            __m512i t[8];
            if (type == FC_TYPE_Q6_K) {
                for (int h = 0; h < 2; h++) {
                    __m512i tl0[8], tl1[8], th[8];
                    for (int l = 0; l < 16; l++) p[l] = blk[l] + offsetof(block_q6_K, ql) + 64 * h;
                    transpose16x8_rows(p, tl0);
                    for (int l = 0; l < 16; l++) p[l] += 32;
                    transpose16x8_rows(p, tl1);
                    for (int l = 0; l < 16; l++) p[l] = blk[l] + offsetof(block_q6_K, qh) + 32 * h;
                    transpose16x8_rows(p, th);
                    for (int q = 0; q < 4; q++) {
                        uint8_t *o = gout + (size_t)(4 * h + q) * 2 * gbytes;
                        for (int s = 0; s < 8; s++) {
                            const __m512i lq = (q & 1) ? tl1[s] : tl0[s];
                            const __m512i lo = _mm512_and_si512(q < 2 ? lq : _mm512_srli_epi16(lq, 4), m4);
                            const __m512i hb = _mm512_and_si512(_mm512_srli_epi16(th[s], 2 * q), m2);
                            _mm512_store_si512(o + 64 * s, _mm512_or_si512(lo, _mm512_slli_epi16(hb, 4)));
                        }
                    }
                }
            } else {
                const size_t qs_off = type == FC_TYPE_Q4_K ? offsetof(block_q4_K, qs) : offsetof(block_q5_K, qs);
                __m512i th[8];
                if (type == FC_TYPE_Q5_K) {
                    for (int l = 0; l < 16; l++) p[l] = blk[l] + offsetof(block_q5_K, qh);
                    transpose16x8_rows(p, th);
                }
                for (int c = 0; c < 4; c++) {
                    for (int l = 0; l < 16; l++) p[l] = blk[l] + qs_off + 32 * c;
                    transpose16x8_rows(p, t);
                    for (int half = 0; half < 2; half++) {
                        const int j = 2 * c + half;
                        uint8_t *o = gout + (size_t)j * 2 * gbytes;
                        for (int s = 0; s < 8; s++) {
                            __m512i u = _mm512_and_si512(half ? _mm512_srli_epi16(t[s], 4) : t[s], m4);
                            if (type == FC_TYPE_Q5_K)
                                u = _mm512_or_si512(u, _mm512_slli_epi16(_mm512_and_si512(_mm512_srli_epi16(th[s], j), one), 4));
                            _mm512_store_si512(o + 64 * s, u);
                        }
                    }
                }
            }
        }
    }
}

static void pack_q4_k_fast(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst) {
    pack_k_impl(w, row_bytes, n_cols, b0, nb, dst, FC_TYPE_Q4_K);
}
static void pack_q5_k_fast(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst) {
    pack_k_impl(w, row_bytes, n_cols, b0, nb, dst, FC_TYPE_Q5_K);
}
static void pack_q6_k_fast(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst) {
    pack_k_impl(w, row_bytes, n_cols, b0, nb, dst, FC_TYPE_Q6_K);
}

static void pack_q4_0_fast(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst) {
    pack_fast(w, row_bytes, n_cols, b0, nb, dst, 0);
}
static void pack_q8_0_fast(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst) {
    pack_fast(w, row_bytes, n_cols, b0, nb, dst, 1);
}


/* ---- float weights: f32 panels of [16 values][32 columns] per block ---- */

/* Packs 16 values (one block) of 16 columns from p[l] (the rows at that block) as f32 into
 * out[kk * 128 + 64 g]: F32 is two word transposes; F16/BF16 one transpose of value pairs, split after. */
INLINE void pack_float_block(const uint8_t *const p[16], uint8_t *out, const int32_t type) {
    __m512i t[8];
    if (type == FC_TYPE_F32) {
        transpose16x8_rows(p, t);
        for (int s = 0; s < 8; s++) _mm512_store_si512(out + 128 * s, t[s]);
        const uint8_t *p2[16];
        for (int l = 0; l < 16; l++) p2[l] = p[l] + 32;
        transpose16x8_rows(p2, t);
        for (int s = 0; s < 8; s++) _mm512_store_si512(out + 128 * (s + 8), t[s]);
        return;
    }
    transpose16x8_rows(p, t); /* word s of lane l = values 2s, 2s + 1 of column l */
    for (int s = 0; s < 8; s++) {
        __m512 even, odd;
        if (type == FC_TYPE_F16) {
            even = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(t[s]));
            odd = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(_mm512_srli_epi32(t[s], 16)));
        } else {
            even = _mm512_castsi512_ps(_mm512_slli_epi32(t[s], 16));
            odd = _mm512_castsi512_ps(_mm512_and_si512(t[s], _mm512_set1_epi32((int)0xFFFF0000u)));
        }
        _mm512_store_ps((float *)(out + 128 * (2 * s)), even);
        _mm512_store_ps((float *)(out + 128 * (2 * s + 1)), odd);
    }
}

INLINE void pack_float_impl(const void *w, size_t row_bytes, int n_cols, int64_t b0, int64_t nb, void *dst,
                            const int32_t type) {
    const size_t esize = type == FC_TYPE_F32 ? 4 : 2;
    const int64_t k = (int64_t)(row_bytes / esize);
    static const uint8_t zeros[64] __attribute__((aligned(64)));
    uint8_t *out = dst;
    for (int64_t b = b0; b < b0 + nb; b++, out += 2048) {
        const int64_t have = k - 16 * b < 16 ? k - 16 * b : 16; /* values of this block inside the rows */
        for (int g = 0; g < 2; g++) {
            const uint8_t *p[16];
            uint8_t tails[16][64] __attribute__((aligned(64)));
            for (int l = 0; l < 16; l++) {
                const int col = 16 * g + l;
                if (col >= n_cols) {
                    p[l] = zeros;
                } else if (have == 16) {
                    p[l] = (const uint8_t *)w + (size_t)col * row_bytes + (size_t)b * 16 * esize;
                    _mm_prefetch((const char *)p[l] + 4 * 16 * esize, _MM_HINT_T0);
                } else { /* the last, partial block: zero padded */
                    memset(tails[l], 0, sizeof tails[l]);
                    memcpy(tails[l], (const uint8_t *)w + (size_t)col * row_bytes + (size_t)b * 16 * esize, (size_t)have * esize);
                    p[l] = tails[l];
                }
            }
            pack_float_block(p, out + 64 * g, type);
        }
    }
}

static void pack_f32(const void *w, size_t rb, int n, int64_t b0, int64_t nb, void *d) { pack_float_impl(w, rb, n, b0, nb, d, FC_TYPE_F32); }
static void pack_f16(const void *w, size_t rb, int n, int64_t b0, int64_t nb, void *d) { pack_float_impl(w, rb, n, b0, nb, d, FC_TYPE_F16); }
static void pack_bf16(const void *w, size_t rb, int n, int64_t b0, int64_t nb, void *d) { pack_float_impl(w, rb, n, b0, nb, d, FC_TYPE_BF16); }


fc_pack_fn fc_pack_avx512(int32_t type, int signed_u) {
    switch (type) {
    case FC_TYPE_F32: return pack_f32;
    case FC_TYPE_F16: return pack_f16;
    case FC_TYPE_BF16: return pack_bf16;
    case FC_TYPE_Q4_0: return pack_q4_0_fast;
    case FC_TYPE_Q8_0: return signed_u ? pack_of(type, 1) : pack_q8_0_fast;
    case FC_TYPE_Q4_K: return pack_q4_k_fast;
    case FC_TYPE_Q5_K: return pack_q5_k_fast;
    case FC_TYPE_Q6_K: return pack_q6_k_fast;
    default: return pack_of(type, signed_u);
    }
}
