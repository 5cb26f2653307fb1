/*
 * Quantization family: half/bfloat conversions, hand-built blocks decoded from the format definitions,
 * quantize -> dequantize error per type, byte-exact reference rounding, guards against overruns, API errors.
 * Set FC_TEST_VERBOSE=1 to print the measured NMSE of every case.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fastchat.h"
#include "fc_test.h"
#include "quants/fc_quant_kernels.h"

static int verbose;

static float bits_to_float(uint32_t bits) {
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static uint32_t float_to_bits(float f) {
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

/* ---- fp16 / bf16 --------------------------------------------------------------------------- */

static void test_fp16_exhaustive(void) {
    int bad_round_trip = 0, bad_nan = 0;
    for (uint32_t h = 0; h < 65536; h++) {
        const float f = fc_fp16_to_fp32((fc_fp16)h);
        const int is_nan = (h & 0x7c00) == 0x7c00 && (h & 0x03ff) != 0;
        if (is_nan) bad_nan += !isnan(f) || (fc_fp32_to_fp16(f) & 0x7c00) != 0x7c00 || !(fc_fp32_to_fp16(f) & 0x3ff);
        else bad_round_trip += fc_fp32_to_fp16(f) != h;
    }
    CHECKF(bad_round_trip == 0, "%d halves do not survive half -> float -> half", bad_round_trip);
    CHECKF(bad_nan == 0, "%d NaN halves lost their NaN-ness", bad_nan);

    /* values straight from the IEEE binary16 definition */
    CHECK(fc_fp16_to_fp32(0x3c00) == 1.0f);
    CHECK(fc_fp16_to_fp32(0xc000) == -2.0f);
    CHECK(fc_fp16_to_fp32(0x7bff) == 65504.0f);
    CHECK(fc_fp16_to_fp32(0x0400) == ldexpf(1.0f, -14)); /* smallest normal */
    CHECK(fc_fp16_to_fp32(0x0001) == ldexpf(1.0f, -24)); /* smallest subnormal */
    CHECK(fc_fp16_to_fp32(0x03ff) == ldexpf(1023.0f, -24));
    CHECK(fc_fp16_to_fp32(0x3555) == 0.333251953125f);
    CHECK(isinf(fc_fp16_to_fp32(0xfc00)) && fc_fp16_to_fp32(0xfc00) < 0);
    CHECK(float_to_bits(fc_fp16_to_fp32(0x8000)) == 0x80000000u);
}

static void test_fp16_rounding(void) {
    const struct { float in; fc_fp16 out; } cases[] = {
        {1.0f + ldexpf(1, -11), 0x3c00},          /* tie between 1 and 1 + 2^-10: even (1) */
        {1.0f + 3 * ldexpf(1, -11), 0x3c02},      /* tie between 0x3c01 and 0x3c02: even */
        {1.0f + ldexpf(1, -11) + ldexpf(1, -20), 0x3c01}, /* just above the tie */
        {-(1.0f + 3 * ldexpf(1, -11)), 0xbc02},
        {65519.0f, 0x7bff},                       /* below the tie with 65536 */
        {65520.0f, 0x7c00},                       /* tie between 65504 and 65536 (= inf): even -> inf */
        {1e10f, 0x7c00},
        {ldexpf(1, -25), 0x0000},                 /* tie between 0 and the smallest subnormal: 0 */
        {3 * ldexpf(1, -25), 0x0002},             /* tie between subnormals 1 and 2: 2 */
        {5 * ldexpf(1, -25), 0x0002},             /* tie between 2 and 3: 2 */
        {ldexpf(1, -25) * 1.0001f, 0x0001},
        {ldexpf(1, -26), 0x0000},
        {ldexpf(1, -14) - ldexpf(1, -25), 0x0400}, /* tie between largest subnormal and smallest normal */
        {-0.0f, 0x8000},
        {0.1f, 0x2e66},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECKF(fc_fp32_to_fp16(cases[i].in) == cases[i].out, "%.9g -> 0x%04x, expected 0x%04x", cases[i].in,
               fc_fp32_to_fp16(cases[i].in), cases[i].out);
    CHECK(isnan(fc_fp16_to_fp32(fc_fp32_to_fp16(NAN))));
}

/* The F16C row kernels agree with the scalar conversions bit for bit (NaN payloads aside). */
static void test_fp16_f16c_matches_scalar(void) {
    if (fc_kernel_level_max() < FC_LEVEL_AVX2) return;
    enum { N = 65536 };
    fc_fp16 *halves = malloc(N * sizeof *halves), *back = malloc(N * sizeof *back);
    float *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    for (uint32_t h = 0; h < N; h++) halves[h] = (fc_fp16)h;
    fc_dequantize_row_f16(halves, a, N);
    fc_dequantize_row_f16_avx2(halves, b, N);
    int bad = 0;
    for (int i = 0; i < N; i++) bad += isnan(a[i]) ? !isnan(b[i]) : float_to_bits(a[i]) != float_to_bits(b[i]);
    CHECKF(bad == 0, "%d halves decode differently with F16C", bad);

    /* random bit patterns, and values near rounding ties and the subnormal range */
    fc_test_seed(7);
    for (int round = 0; round < 16; round++) {
        for (int i = 0; i < N; i++) {
            uint32_t bits = (uint32_t)fc_test_next();
            if (round % 2) bits = (bits & 0x8fffffffu) | 0x30000000u; /* exponents around the half range */
            if (round % 4 == 3) bits = (bits & ~0x1fffu) | 0x1000u;  /* exact ties of the mantissa cut */
            a[i] = bits_to_float(bits);
        }
        fc_quantize_row_f16(a, halves, N);
        fc_quantize_row_f16_avx2(a, back, N);
        bad = 0;
        for (int i = 0; i < N; i++) bad += isnan(a[i]) ? (back[i] & 0x7c00) != 0x7c00 : halves[i] != back[i];
        CHECKF(bad == 0, "%d floats encode differently with F16C (round %d)", bad, round);
    }
    free(halves);
    free(back);
    free(a);
    free(b);
}

static void test_bf16(void) {
    int bad = 0;
    for (uint32_t h = 0; h < 65536; h++) {
        const float f = fc_bf16_to_fp32((fc_bf16)h);
        if (isnan(f)) bad += !isnan(fc_bf16_to_fp32(fc_fp32_to_bf16(f)));
        else bad += fc_fp32_to_bf16(f) != h;
    }
    CHECKF(bad == 0, "%d bfloat16 values do not round-trip", bad);
    CHECK(fc_fp32_to_bf16(bits_to_float(0x3f808000u)) == 0x3f80); /* tie: even */
    CHECK(fc_fp32_to_bf16(bits_to_float(0x3f818000u)) == 0x3f82); /* tie: even (up) */
    CHECK(fc_fp32_to_bf16(bits_to_float(0x3f808001u)) == 0x3f81);
    CHECK(fc_fp32_to_bf16(bits_to_float(0x7f7fffffu)) == 0x7f80); /* FLT_MAX rounds to inf */
    CHECK(isnan(fc_bf16_to_fp32(fc_fp32_to_bf16(bits_to_float(0x7f800001u))))); /* a NaN that truncation would make inf */
    CHECK(fc_bf16_to_fp32(0x4049) == 3.140625f);
}

/* ---- hand-built blocks ---------------------------------------------------------------------- */

static void expect_row(const char *what, int32_t type, const void *block, const float *expected, int n) {
    float out[QK_K];
    fc_test_poison(out, n);
    CHECK(fc_dequantize(type, block, out, n) == FC_OK);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (out[i] != expected[i] && bad++ < 4)
            fprintf(stderr, "%s element %d: %.9g, expected %.9g\n", what, i, out[i], expected[i]);
    }
    CHECKF(bad == 0, "%s: %d elements differ", what, bad);
}

static void test_legacy_blocks(void) {
    float expected[32];
    uint8_t qs[16];
    for (int j = 0; j < 16; j++) qs[j] = (uint8_t)(j | (15 - j) << 4);

    block_q4_0 q40 = {.d = 0x3800}; /* 0.5 */
    memcpy(q40.qs, qs, 16);
    for (int j = 0; j < 16; j++) {
        expected[j] = (j - 8) * 0.5f;
        expected[j + 16] = (7 - j) * 0.5f;
    }
    expect_row("q4_0", FC_TYPE_Q4_0, &q40, expected, 32);

    block_q4_1 q41 = {.d = 0x3400, .m = 0xbc00}; /* 0.25, -1 */
    memcpy(q41.qs, qs, 16);
    for (int j = 0; j < 16; j++) {
        expected[j] = j * 0.25f - 1.0f;
        expected[j + 16] = (15 - j) * 0.25f - 1.0f;
    }
    expect_row("q4_1", FC_TYPE_Q4_1, &q41, expected, 32);

    /* qh = 0x8000_0001 little-endian: fifth bit set for element 0 (low half) and element 31 (high half of byte 15) */
    block_q5_0 q50 = {.d = 0x3c00, .qh = {0x01, 0x00, 0x00, 0x80}};
    memcpy(q50.qs, qs, 16);
    for (int j = 0; j < 16; j++) {
        expected[j] = (float)(j - 16);
        expected[j + 16] = (float)(15 - j - 16);
    }
    expected[0] = 0.0f;   /* 0 | 16 */
    expected[31] = 0.0f;  /* 0 | 16 (qs[15] high nibble is 0) */
    expect_row("q5_0 (bits 0, 31)", FC_TYPE_Q5_0, &q50, expected, 32);

    /* bit 16 belongs to element 16 (high nibble of qs[0] = 15): 31 - 16 = 15; bit 1 to element 1: 17 - 16 */
    block_q5_0 q50b = {.d = 0x4000, .qh = {0x02, 0x00, 0x01, 0x00}}; /* d = 2 */
    memcpy(q50b.qs, qs, 16);
    for (int j = 0; j < 16; j++) {
        expected[j] = (j - 16) * 2.0f;
        expected[j + 16] = (15 - j - 16) * 2.0f;
    }
    expected[1] = (17 - 16) * 2.0f;
    expected[16] = (31 - 16) * 2.0f;
    expect_row("q5_0 (bits 1, 16)", FC_TYPE_Q5_0, &q50b, expected, 32);

    block_q5_1 q51 = {.d = 0x3800, .m = 0x4200, .qh = {0x00, 0x80, 0x00, 0x01}}; /* 0.5, 3; bits 15, 24 */
    memcpy(q51.qs, qs, 16);
    for (int j = 0; j < 16; j++) {
        expected[j] = j * 0.5f + 3.0f;
        expected[j + 16] = (15 - j) * 0.5f + 3.0f;
    }
    expected[15] = (15 + 16) * 0.5f + 3.0f;
    expected[24] = (15 - 8 + 16) * 0.5f + 3.0f;
    expect_row("q5_1", FC_TYPE_Q5_1, &q51, expected, 32);

    block_q8_0 q80 = {.d = 0xb800}; /* -0.5 */
    for (int j = 0; j < 32; j++) {
        q80.qs[j] = (int8_t)(j * 8 - 128);
        expected[j] = (j * 8 - 128) * -0.5f;
    }
    expect_row("q8_0", FC_TYPE_Q8_0, &q80, expected, 32);

    block_q8_1 q81 = {.d = 0x3c00, .s = 0};
    for (int j = 0; j < 32; j++) {
        q81.qs[j] = (int8_t)(127 - j);
        expected[j] = (float)(127 - j);
    }
    expect_row("q8_1", FC_TYPE_Q8_1, &q81, expected, 32);
}

/* Scales {1, 2, 3, 63, 17, 33, 48, 5} and mins {0, 1, 62, 4, 21, 40, 7, 63} packed by hand:
 * bytes 0-3 = scale j | (scale j+4 >> 4) << 6, bytes 4-7 = min j | (min j+4 >> 4) << 6,
 * bytes 8-11 = (scale j+4 & 15) | (min j+4 & 15) << 4. */
static const uint8_t k_scales[8] = {1, 2, 3, 63, 17, 33, 48, 5};
static const uint8_t k_mins[8] = {0, 1, 62, 4, 21, 40, 7, 63};
static const uint8_t k_packed[12] = {65, 130, 195, 63, 64, 129, 62, 196, 81, 129, 112, 245};

static void test_k_blocks(void) {
    for (int j = 0; j < 8; j++) {
        uint8_t sc, m;
        fc_k4_scale_min(j, k_packed, &sc, &m);
        CHECKF(sc == k_scales[j] && m == k_mins[j], "sub-block %d: scale %d min %d", j, sc, m);
    }

    float expected[QK_K];
    block_q4_K q4 = {.d = 0x3c00, .dmin = 0x3800}; /* 1, 0.5 */
    memcpy(q4.scales, k_packed, 12);
    for (int i = 0; i < QK_K / 2; i++) q4.qs[i] = (uint8_t)(i * 37 + 11);
    for (int e = 0; e < QK_K; e++) { /* element e: chunk e / 64; first 32 low nibbles, next 32 high nibbles */
        const int c = e / 64, r = e % 64, sub = 2 * c + r / 32;
        const int q = r < 32 ? q4.qs[32 * c + r] & 15 : q4.qs[32 * c + r - 32] >> 4;
        expected[e] = 1.0f * k_scales[sub] * q - 0.5f * k_mins[sub];
    }
    expected[0] = 1.0f * 1 * 11 - 0; /* spot values worked out by hand */
    expected[32] = 2.0f * 0 - 0.5f; /* qs[0] = 11: high nibble 0, sub-block 1 */
    expect_row("q4_K", FC_TYPE_Q4_K, &q4, expected, QK_K);

    block_q5_K q5 = {.d = 0x3800, .dmin = 0x3c00}; /* 0.5, 1 */
    memcpy(q5.scales, k_packed, 12);
    memcpy(q5.qs, q4.qs, sizeof q5.qs);
    for (int l = 0; l < 32; l++) q5.qh[l] = (uint8_t)(l * 73 + 5);
    for (int e = 0; e < QK_K; e++) { /* fifth bit: bit (sub-block) of qh[e % 32] */
        const int c = e / 64, r = e % 64, sub = 2 * c + r / 32;
        const int lo4 = r < 32 ? q5.qs[32 * c + r] & 15 : q5.qs[32 * c + r - 32] >> 4;
        const int q = lo4 | ((q5.qh[e % 32] >> sub) & 1) << 4;
        expected[e] = 0.5f * k_scales[sub] * q - 1.0f * k_mins[sub];
    }
    expected[0] = 0.5f * 1 * (11 | 16) - 0; /* qh[0] = 5: bits 0 and 2 */
    expect_row("q5_K", FC_TYPE_Q5_K, &q5, expected, QK_K);

    block_q6_K q6 = {.d = 0x3400}; /* 0.25 */
    const int8_t sc6[16] = {-128, 127, 1, -1, 5, -7, 64, -64, 3, 2, 100, -100, 9, 0, 33, -33};
    memcpy(q6.scales, sc6, 16);
    for (int i = 0; i < QK_K / 2; i++) q6.ql[i] = (uint8_t)(i * 29 + 3);
    for (int i = 0; i < QK_K / 4; i++) q6.qh[i] = (uint8_t)(i * 53 + 17);
    for (int e = 0; e < QK_K; e++) { /* half h, quarter g, lane l */
        const int h = e / 128, g = (e % 128) / 32, l = e % 32;
        const int lo4 = (q6.ql[64 * h + 32 * (g & 1) + l] >> (4 * (g >> 1))) & 15;
        const int hi2 = (q6.qh[32 * h + l] >> (2 * g)) & 3;
        expected[e] = 0.25f * sc6[e / 16] * ((lo4 | hi2 << 4) - 32);
    }
    expected[0] = 0.25f * -128 * ((3 | 1 << 4) - 32); /* ql[0] = 3, qh[0] = 17: low bits 01 */
    expect_row("q6_K", FC_TYPE_Q6_K, &q6, expected, QK_K);

    static block_q8_K q8;
    q8.d = 0.125f;
    for (int e = 0; e < QK_K; e++) {
        q8.qs[e] = (int8_t)(e - 128);
        expected[e] = (e - 128) * 0.125f;
    }
    expect_row("q8_K", FC_TYPE_Q8_K, &q8, expected, QK_K);
}

static void test_float_rows(void) {
    const fc_fp16 h[4] = {0x3c00, 0xc200, 0x0001, 0x7bff};
    const float hf[4] = {1.0f, -3.0f, ldexpf(1, -24), 65504.0f};
    expect_row("f16", FC_TYPE_F16, h, hf, 4);
    const fc_bf16 b[3] = {0x3f80, 0xc040, 0x4049};
    const float bf[3] = {1.0f, -3.0f, 3.140625f};
    expect_row("bf16", FC_TYPE_BF16, b, bf, 3);
    const float f[3] = {1.5f, -0.0f, 1e-30f};
    expect_row("f32", FC_TYPE_F32, f, f, 3);
    uint16_t out[3];
    CHECK(fc_quantize(FC_TYPE_F16, hf, out, 3) == FC_OK && memcmp(out, h, 6) == 0);
    CHECK(fc_quantize(FC_TYPE_BF16, bf, out, 3) == FC_OK && memcmp(out, b, 6) == 0);
}

/* ---- reference rounding of the legacy quantizers ---------------------------------------------- */

/* Rows that a format represents exactly come back exactly, and the bytes follow the reference rules. */
static void test_legacy_quantize_exact(void) {
    float x[32], y[32];
    /* Q4_0: the extreme -8 gives d = 1, so x = q - 8 */
    for (int j = 0; j < 32; j++) x[j] = (float)((j * 5) % 16 - 8);
    x[3] = -8.0f;
    block_q4_0 q40;
    CHECK(fc_quantize(FC_TYPE_Q4_0, x, &q40, 32) == FC_OK);
    CHECK(q40.d == 0x3c00);
    CHECK((q40.qs[3] & 15) == 0);
    fc_dequantize(FC_TYPE_Q4_0, &q40, y, 32);
    CHECK(memcmp(x, y, sizeof x) == 0);

    /* a positive extreme maps to -8 with a negative d: 8 -> q 0, -7 -> 15 (clipped from 15.x) */
    for (int j = 0; j < 32; j++) x[j] = 0.0f;
    x[0] = 8.0f;
    x[1] = -7.0f;
    x[2] = -8.0f; /* same magnitude as x[0], later: the first one wins */
    CHECK(fc_quantize(FC_TYPE_Q4_0, x, &q40, 32) == FC_OK);
    CHECK(q40.d == 0xbc00); /* -1 */
    CHECK((q40.qs[0] & 15) == 0 && (q40.qs[1] & 15) == 15 && (q40.qs[2] & 15) == 15 && (q40.qs[4] & 15) == 8);

    /* Q4_1: d = (max - min) / 15, m = min; exact grid */
    for (int j = 0; j < 32; j++) x[j] = -2.0f + 0.5f * ((j * 7) % 16);
    block_q4_1 q41;
    CHECK(fc_quantize(FC_TYPE_Q4_1, x, &q41, 32) == FC_OK);
    CHECK(q41.d == 0x3800 && q41.m == 0xc000);
    fc_dequantize(FC_TYPE_Q4_1, &q41, y, 32);
    CHECK(memcmp(x, y, sizeof x) == 0);

    /* Q5_0: extreme -16 gives d = 1 */
    for (int j = 0; j < 32; j++) x[j] = (float)((j * 11) % 32 - 16);
    block_q5_0 q50;
    CHECK(fc_quantize(FC_TYPE_Q5_0, x, &q50, 32) == FC_OK);
    CHECK(q50.d == 0x3c00);
    fc_dequantize(FC_TYPE_Q5_0, &q50, y, 32);
    CHECK(memcmp(x, y, sizeof x) == 0);

    /* Q5_1: 32 levels of 0.25 from 1.0 */
    for (int j = 0; j < 32; j++) x[j] = 1.0f + 0.25f * ((j * 13) % 32);
    block_q5_1 q51;
    CHECK(fc_quantize(FC_TYPE_Q5_1, x, &q51, 32) == FC_OK);
    CHECK(q51.d == 0x3400 && q51.m == 0x3c00);
    fc_dequantize(FC_TYPE_Q5_1, &q51, y, 32);
    CHECK(memcmp(x, y, sizeof x) == 0);

    /* Q8_0: d = amax / 127 in fp16, q = round(x / d) half away from zero */
    for (int j = 0; j < 32; j++) x[j] = (float)(j - 16) / 16.0f * 127.0f;
    x[5] = 2.5f;  /* exactly between 2 and 3 with d = 1: rounds away from zero */
    x[6] = -2.5f;
    block_q8_0 q80;
    CHECK(fc_quantize(FC_TYPE_Q8_0, x, &q80, 32) == FC_OK);
    CHECK(q80.d == 0x3c00 && q80.qs[0] == -127 && q80.qs[5] == 3 && q80.qs[6] == -3);
}

/* ---- quantize -> dequantize error ------------------------------------------------------------ */

typedef enum { DIST_UNIFORM, DIST_GAUSSIAN, DIST_OUTLIERS, DIST_COUNT } distribution;
static const char *const dist_names[DIST_COUNT] = {"uniform", "gaussian", "outliers"};

static float gaussian(void) {
    const float u = fc_test_uniform(1e-7f, 1.0f), v = fc_test_uniform(0.0f, 1.0f);
    return sqrtf(-2.0f * logf(u)) * cosf(6.2831853f * v);
}

static void fill(float *x, int64_t n, distribution dist, float scale) {
    for (int64_t i = 0; i < n; i++) {
        float v = dist == DIST_UNIFORM ? fc_test_uniform(-1.0f, 1.0f) : gaussian();
        if (dist == DIST_OUTLIERS && fc_test_uniform(0.0f, 1.0f) < 0.01f) v *= 10.0f; /* weights have a few */
        x[i] = v * scale;
    }
}

typedef struct {
    int32_t type;
    double tolerance;          /* worst NMSE allowed on uniform and gaussian rows */
    double outlier_tolerance;  /* ... and on gaussian rows with 1% of values x10 (one outlier sets a block's scale) */
} nmse_case;

/* Tolerances sit ~1.5-2x above the worst NMSE measured over all lengths and both magnitudes (in the comments:
 * uniform / gaussian / outliers). The legacy kinds use ggml's reference rounding, so their errors are ggml's. */
static const nmse_case nmse_cases[] = {
    {FC_TYPE_F32, 0.0, 0.0},
    {FC_TYPE_F16, 1e-7, 1e-7},      /* 6.1e-8 / 4.4e-8 / 5.2e-8 */
    {FC_TYPE_BF16, 5e-6, 5e-6},     /* 3.3e-6 / 2.9e-6 / 3.5e-6 */
    {FC_TYPE_Q8_0, 1e-4, 1.5e-4},   /* 1.6e-5 / 3.1e-5 / 7.8e-5 */
    {FC_TYPE_Q8_1, 1e-4, 2e-4},     /* 1.6e-5 / 3.2e-5 / 1.2e-4 */
    {FC_TYPE_Q8_K, 1e-4, 1e-3},     /* 1.6e-5 / 4.9e-5 / 4.9e-4 (one scale per 256) */
    {FC_TYPE_Q5_0, 1e-2, 1e-2},     /* 1.1e-3 / 5.0e-3 / 6.4e-3 */
    {FC_TYPE_Q5_1, 3e-3, 4e-3},     /* 8.9e-4 / 1.5e-3 / 2.0e-3 */
    {FC_TYPE_Q4_0, 2e-2, 4e-2},     /* 4.7e-3 / 1.1e-2 / 2.7e-2 */
    {FC_TYPE_Q4_1, 1e-2, 1.5e-2},   /* 5.4e-3 / 6.2e-3 / 9.1e-3 */
    {FC_TYPE_Q6_K, 6e-4, 1.2e-3},   /* 1.6e-4 / 3.0e-4 / 7.0e-4 */
    {FC_TYPE_Q5_K, 2e-3, 4e-3},     /* 7.1e-4 / 1.2e-3 / 2.3e-3 */
    {FC_TYPE_Q4_K, 8e-3, 2e-2},     /* 3.0e-3 / 5.0e-3 / 1.3e-2 */
};

#define GUARD 64
#define GUARD_BYTE 0xcd

static double round_trip(int32_t type, const float *x, int64_t n, uint8_t *q, float *y) {
    const int64_t bytes = fc_type_row_bytes(type, n);
    memset(q, 0xab, (size_t)bytes); /* every byte must be written */
    memset(q + bytes, GUARD_BYTE, GUARD);
    CHECK(fc_quantize(type, x, q, n) == FC_OK);
    int overrun = 0;
    for (int i = 0; i < GUARD; i++) overrun |= q[bytes + i] != GUARD_BYTE;
    CHECKF(!overrun, "%s quantize wrote past %lld bytes", fc_quant_type_name(type), (long long)bytes);

    fc_test_poison(y, n + GUARD);
    CHECK(fc_dequantize(type, q, y, n) == FC_OK);
    int written = 1;
    for (int i = 0; i < GUARD; i++) written &= isnan(y[n + i]);
    CHECKF(written, "%s dequantize wrote past %lld floats", fc_quant_type_name(type), (long long)n);

    /* the byte-0xab pre-fill must not matter: quantizing again into zeroed memory gives the same bytes */
    uint8_t *again = calloc((size_t)bytes, 1);
    fc_quantize(type, x, again, n);
    CHECKF(memcmp(again, q, (size_t)bytes) == 0, "%s output depends on the destination's old contents",
           fc_quant_type_name(type));
    free(again);

    double *ref = malloc((size_t)n * sizeof *ref);
    for (int64_t i = 0; i < n; i++) ref[i] = x[i];
    const double nmse = fc_test_nmse(y, ref, n);
    free(ref);
    return nmse;
}

static void test_round_trip_nmse(void) {
    enum { MAX_N = 32 * QK_K };
    float *x = malloc(MAX_N * sizeof *x), *y = malloc((MAX_N + GUARD) * sizeof *y);
    uint8_t *q = malloc(MAX_N * 4 + GUARD);
    const int64_t blocks[] = {1, 7, 13, 32}; /* one block, odd counts, a longer row */
    fc_test_seed(1234);
    for (size_t t = 0; t < sizeof nmse_cases / sizeof nmse_cases[0]; t++) {
        const nmse_case c = nmse_cases[t];
        const int64_t block = fc_type_block_size(c.type) == 1 ? 32 : fc_type_block_size(c.type);
        double worst[DIST_COUNT] = {0};
        for (int d = 0; d < DIST_COUNT; d++) {
            const double tolerance = d == DIST_OUTLIERS ? c.outlier_tolerance : c.tolerance;
            for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
                const int64_t n = blocks[b] * block;
                const float scale = b % 2 ? 0.02f : 3.0f; /* weight-like and activation-like magnitudes */
                fill(x, n, (distribution)d, scale);
                const double nmse = round_trip(c.type, x, n, q, y);
                worst[d] = fmax(worst[d], nmse);
                CHECKF(nmse <= tolerance, "%s %s n=%lld: NMSE %.3g > %.3g", fc_quant_type_name(c.type),
                       dist_names[d], (long long)n, nmse, tolerance);
            }
        }
        if (verbose)
            printf("%-5s worst NMSE uniform %.2e gaussian %.2e outliers %.2e\n", fc_quant_type_name(c.type),
                   worst[DIST_UNIFORM], worst[DIST_GAUSSIAN], worst[DIST_OUTLIERS]);
    }
    free(x);
    free(y);
    free(q);
}

/* Zero, constant and sign-only rows dequantize to finite values; zero stays exactly zero. */
static void test_degenerate_rows(void) {
    enum { N = 2 * QK_K };
    static float x[N], y[N + GUARD];
    static uint8_t q[N * 4 + GUARD];
    for (size_t t = 0; t < sizeof nmse_cases / sizeof nmse_cases[0]; t++) {
        const int32_t type = nmse_cases[t].type;
        const char *name = fc_quant_type_name(type);
        memset(x, 0, sizeof x);
        round_trip(type, x, N, q, y);
        int nonzero = 0;
        for (int i = 0; i < N; i++) nonzero += y[i] != 0.0f;
        CHECKF(nonzero == 0, "%s: zero row gives %d non-zero values", name, nonzero);

        const float constants[] = {0.75f, -0.75f, 1e-3f};
        for (size_t c = 0; c < 3; c++) {
            for (int i = 0; i < N; i++) x[i] = constants[c];
            const double nmse = round_trip(type, x, N, q, y);
            CHECKF(nmse <= fmax(nmse_cases[t].tolerance, 1e-6), "%s: constant %g row NMSE %.3g", name, constants[c], nmse);
        }
        /* all-positive and all-negative rows exercise the offset-free and offset-only ends of the K-quants */
        fc_test_seed(99);
        for (int i = 0; i < N; i++) x[i] = fc_test_uniform(0.1f, 1.0f);
        CHECKF(round_trip(type, x, N, q, y) <= nmse_cases[t].tolerance, "%s: positive row", name);
        for (int i = 0; i < N; i++) x[i] = -x[i];
        CHECKF(round_trip(type, x, N, q, y) <= nmse_cases[t].tolerance, "%s: negative row", name);
    }
}

/* Non-finite input must not crash or write out of bounds (the values themselves are unspecified). */
static void test_non_finite_input(void) {
    enum { N = QK_K };
    static float x[N], y[N + GUARD];
    static uint8_t q[N * 4 + GUARD];
    for (size_t t = 0; t < sizeof nmse_cases / sizeof nmse_cases[0]; t++) {
        fill(x, N, DIST_GAUSSIAN, 1.0f);
        x[3] = NAN;
        x[100] = INFINITY;
        x[200] = -INFINITY;
        round_trip(nmse_cases[t].type, x, N, q, y);
    }
}

/* ---- API ----------------------------------------------------------------------------------- */

static void test_api_errors(void) {
    float x[64] = {0}, y[64];
    uint8_t q[256];
    const int32_t unknown[] = {4, 5, 10, 16, 29, 31, 99, -1};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char number[16];
        snprintf(number, sizeof number, "%d", unknown[i]);
        CHECK(fc_dequantize(unknown[i], q, y, 32) == FC_ERR_UNSUPPORTED);
        CHECKF(strstr(fc_last_error(), number) != NULL, "message '%s' does not name type %s", fc_last_error(), number);
        CHECK(fc_quantize(unknown[i], x, q, 32) == FC_ERR_UNSUPPORTED);
        CHECK(strstr(fc_last_error(), number) != NULL);
        CHECK(fc_get_to_float(unknown[i]) == NULL && fc_get_from_float(unknown[i]) == NULL);
    }

    CHECK(fc_dequantize(FC_TYPE_Q4_0, q, y, 33) == FC_ERR_INVALID_ARGUMENT);
    CHECKF(strstr(fc_last_error(), "33") && strstr(fc_last_error(), "32") && strstr(fc_last_error(), "q4_0"),
           "message: %s", fc_last_error());
    CHECK(fc_quantize(FC_TYPE_Q6_K, x, q, 32) == FC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(fc_last_error(), "256") != NULL);
    CHECK(fc_quantize(FC_TYPE_Q8_0, x, q, -32) == FC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(fc_last_error(), "-32") != NULL);
    CHECK(fc_dequantize(FC_TYPE_F16, q, y, -1) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_dequantize(FC_TYPE_Q8_0, NULL, y, 32) == FC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(fc_last_error(), "NULL") != NULL);
    CHECK(fc_dequantize(FC_TYPE_Q8_0, q, NULL, 32) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_quantize(FC_TYPE_Q8_0, NULL, q, 32) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_quantize(FC_TYPE_Q8_0, x, NULL, 32) == FC_ERR_INVALID_ARGUMENT);

    /* success clears the message; n = 0 is a valid empty row */
    CHECK(fc_quantize(FC_TYPE_Q8_0, x, q, 0) == FC_OK);
    CHECK(fc_last_error()[0] == '\0');
    CHECK(fc_dequantize(FC_TYPE_F32, x, y, 0) == FC_OK);

    /* every type with a block size has both directions (activation formats included) */
    const int32_t all[] = {FC_TYPE_F32, FC_TYPE_F16, FC_TYPE_BF16, FC_TYPE_Q4_0, FC_TYPE_Q4_1, FC_TYPE_Q5_0,
                           FC_TYPE_Q5_1, FC_TYPE_Q8_0, FC_TYPE_Q8_1, FC_TYPE_Q4_K, FC_TYPE_Q5_K, FC_TYPE_Q6_K,
                           FC_TYPE_Q8_K};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        CHECKF(fc_get_to_float(all[i]) && fc_get_from_float(all[i]) && fc_quant_type_name(all[i]),
               "type %d lacks a kernel", all[i]);
}

/* The F16 entry follows the kernel level cap, and both levels give the same bytes. */
static void test_f16_dispatch(void) {
    if (fc_kernel_level_max() < FC_LEVEL_AVX2) return;
    const int32_t saved = fc_kernel_level();
    CHECK(fc_set_kernel_level(FC_LEVEL_SCALAR) == FC_OK);
    CHECK(fc_get_to_float(FC_TYPE_F16) == fc_dequantize_row_f16);
    CHECK(fc_get_from_float(FC_TYPE_F16) == fc_quantize_row_f16);
    CHECK(fc_set_kernel_level(FC_LEVEL_AVX2) == FC_OK);
    CHECK(fc_get_to_float(FC_TYPE_F16) == fc_dequantize_row_f16_avx2);
    CHECK(fc_get_from_float(FC_TYPE_F16) == fc_quantize_row_f16_avx2);
    CHECK(fc_set_kernel_level(saved) == FC_OK);
}

int main(void) {
    verbose = getenv("FC_TEST_VERBOSE") != NULL;
    test_fp16_exhaustive();
    test_fp16_rounding();
    test_fp16_f16c_matches_scalar();
    test_bf16();
    test_legacy_blocks();
    test_k_blocks();
    test_float_rows();
    test_legacy_quantize_exact();
    test_round_trip_nmse();
    test_degenerate_rows();
    test_non_finite_input();
    test_api_errors();
    test_f16_dispatch();
    return TEST_RESULT();
}
