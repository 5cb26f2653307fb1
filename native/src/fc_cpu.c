/*
 * CPU feature detection with CPUID + XGETBV. A feature counts only if the OS also enables the
 * register state it needs: AVX needs XMM|YMM in XCR0, AVX-512 additionally opmask|ZMM_Hi256|Hi16_ZMM.
 * Detected once; later calls read the cached mask.
 */
#include "fc_internal.h"
#include "fc_dispatch.h"

#include <stdatomic.h>

#if defined(__x86_64__) || defined(__i386__)
#  include <cpuid.h>
#  define FC_X86 1
#endif

#define FEATURE(f) (1ull << (f))

static const char *const feature_names[FC_CPU_FEATURE_COUNT] = {
    [FC_CPU_SSE3] = "sse3",           [FC_CPU_SSSE3] = "ssse3",
    [FC_CPU_SSE4_1] = "sse4_1",       [FC_CPU_SSE4_2] = "sse4_2",
    [FC_CPU_POPCNT] = "popcnt",       [FC_CPU_AVX] = "avx",
    [FC_CPU_AVX2] = "avx2",           [FC_CPU_FMA] = "fma",
    [FC_CPU_F16C] = "f16c",           [FC_CPU_BMI2] = "bmi2",
    [FC_CPU_AVX_VNNI] = "avx_vnni",   [FC_CPU_AVX512F] = "avx512f",
    [FC_CPU_AVX512DQ] = "avx512dq",   [FC_CPU_AVX512CD] = "avx512cd",
    [FC_CPU_AVX512BW] = "avx512bw",   [FC_CPU_AVX512VL] = "avx512vl",
    [FC_CPU_AVX512_VNNI] = "avx512_vnni", [FC_CPU_AVX512_BF16] = "avx512_bf16",
    [FC_CPU_AVX512_VBMI] = "avx512_vbmi", [FC_CPU_AMX_TILE] = "amx_tile",
    [FC_CPU_AMX_INT8] = "amx_int8",   [FC_CPU_AMX_BF16] = "amx_bf16",
};

#ifdef FC_X86
static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

#define BIT(reg, n) (((reg) >> (n)) & 1u)

static uint64_t detect(void) {
    uint32_t eax, ebx, ecx, edx;
    uint64_t mask = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;

    if (BIT(ecx, 0)) mask |= FEATURE(FC_CPU_SSE3);
    if (BIT(ecx, 9)) mask |= FEATURE(FC_CPU_SSSE3);
    if (BIT(ecx, 19)) mask |= FEATURE(FC_CPU_SSE4_1);
    if (BIT(ecx, 20)) mask |= FEATURE(FC_CPU_SSE4_2);
    if (BIT(ecx, 23)) mask |= FEATURE(FC_CPU_POPCNT);

    const int osxsave = BIT(ecx, 27);
    const uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    const int os_avx = (xcr0 & 0x6) == 0x6;        /* XMM | YMM */
    const int os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0; /* opmask | ZMM_Hi256 | Hi16_ZMM */
    const int os_amx = (xcr0 & 0x60000) == 0x60000; /* XTILECFG | XTILEDATA */

    if (os_avx) {
        if (BIT(ecx, 28)) mask |= FEATURE(FC_CPU_AVX);
        if (BIT(ecx, 12)) mask |= FEATURE(FC_CPU_FMA);
        if (BIT(ecx, 29)) mask |= FEATURE(FC_CPU_F16C);
    }

    uint32_t max_leaf = __get_cpuid_max(0, 0);
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        if (BIT(ebx, 8)) mask |= FEATURE(FC_CPU_BMI2);
        if (os_avx && BIT(ebx, 5)) mask |= FEATURE(FC_CPU_AVX2);
        if (os_avx512) {
            if (BIT(ebx, 16)) mask |= FEATURE(FC_CPU_AVX512F);
            if (BIT(ebx, 17)) mask |= FEATURE(FC_CPU_AVX512DQ);
            if (BIT(ebx, 28)) mask |= FEATURE(FC_CPU_AVX512CD);
            if (BIT(ebx, 30)) mask |= FEATURE(FC_CPU_AVX512BW);
            if (BIT(ebx, 31)) mask |= FEATURE(FC_CPU_AVX512VL);
            if (BIT(ecx, 1)) mask |= FEATURE(FC_CPU_AVX512_VBMI);
            if (BIT(ecx, 11)) mask |= FEATURE(FC_CPU_AVX512_VNNI);
        }
        if (os_amx) {
            if (BIT(edx, 24)) mask |= FEATURE(FC_CPU_AMX_TILE);
            if (BIT(edx, 25)) mask |= FEATURE(FC_CPU_AMX_INT8);
            if (BIT(edx, 22)) mask |= FEATURE(FC_CPU_AMX_BF16);
        }
        uint32_t sub_leaves = eax;
        if (sub_leaves >= 1) {
            __cpuid_count(7, 1, eax, ebx, ecx, edx);
            if (os_avx && BIT(eax, 4)) mask |= FEATURE(FC_CPU_AVX_VNNI);
            if (os_avx512 && BIT(eax, 5)) mask |= FEATURE(FC_CPU_AVX512_BF16);
        }
    }
    return mask;
}
#else
static uint64_t detect(void) { return 0; }
#endif

/* Top bit marks "detected" so a CPU with no features is cached too. */
#define DETECTED (1ull << 63)
static _Atomic uint64_t cached_mask;

uint64_t fc_cpu_features(void) {
    uint64_t mask = atomic_load_explicit(&cached_mask, memory_order_acquire);
    if (!(mask & DETECTED)) {
        mask = detect() | DETECTED;
        atomic_store_explicit(&cached_mask, mask, memory_order_release);
    }
    return mask & ~DETECTED;
}

const char *fc_cpu_feature_name(int32_t feature) {
    if (feature < 0 || feature >= FC_CPU_FEATURE_COUNT) return NULL;
    return feature_names[feature];
}

static int32_t best_level(void) {
    const uint64_t f = fc_cpu_features();
    const uint64_t avx512 = FEATURE(FC_CPU_AVX512F) | FEATURE(FC_CPU_AVX512BW) | FEATURE(FC_CPU_AVX512VL) |
                            FEATURE(FC_CPU_AVX512DQ) | FEATURE(FC_CPU_FMA) | FEATURE(FC_CPU_F16C);
    const uint64_t avx2 = FEATURE(FC_CPU_AVX2) | FEATURE(FC_CPU_FMA) | FEATURE(FC_CPU_F16C);
    if ((f & avx512) == avx512) return FC_LEVEL_AVX512;
    if ((f & avx2) == avx2) return FC_LEVEL_AVX2;
    return FC_LEVEL_SCALAR;
}

/* -1: no cap. */
static _Atomic int32_t level_cap = -1;

int32_t fc_kernel_level_max(void) { return best_level(); }

fc_status fc_set_kernel_level(int32_t level) {
    fc_clear_error();
    if (level < FC_LEVEL_SCALAR || level > FC_LEVEL_AVX512)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_set_kernel_level: %d is not a kernel level", level);
    if (level > best_level())
        return fc_set_error(FC_ERR_UNSUPPORTED, "fc_set_kernel_level: this CPU supports up to level %d, not %d",
                            best_level(), level);
    atomic_store(&level_cap, level);
    return FC_OK;
}

int32_t fc_current_level(void) {
    const int32_t best = best_level();
    const int32_t cap = atomic_load_explicit(&level_cap, memory_order_relaxed);
    return cap >= 0 && cap < best ? cap : best;
}

int32_t fc_kernel_level(void) { return fc_current_level(); }

int fc_has_avx512_vnni(void) { return (fc_cpu_features() & FEATURE(FC_CPU_AVX512_VNNI)) != 0; }

const char *fc_cpu_kernel_path(void) {
    switch (fc_current_level()) {
    case FC_LEVEL_AVX512: return "avx512";
    case FC_LEVEL_AVX2: return "avx2";
    default: return "scalar";
    }
}
