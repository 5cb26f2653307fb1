/* CPU features agree with the compiler's own CPUID view and with each other's implications. */
#include <string.h>

#include "fastchat.h"
#include "fc_test.h"

#define HAS(f) ((features >> (f)) & 1u)

int main(void) {
    const uint64_t features = fc_cpu_features();
    CHECK(features == fc_cpu_features()); /* cached and stable */
    CHECK((features >> FC_CPU_FEATURE_COUNT) == 0);

    for (int f = 0; f < FC_CPU_FEATURE_COUNT; f++) CHECK(fc_cpu_feature_name(f) != NULL);
    CHECK(fc_cpu_feature_name(-1) == NULL);
    CHECK(fc_cpu_feature_name(FC_CPU_FEATURE_COUNT) == NULL);
    CHECK(strcmp(fc_cpu_feature_name(FC_CPU_AVX512_VNNI), "avx512_vnni") == 0);

#if defined(__x86_64__)
    __builtin_cpu_init();
    CHECK(HAS(FC_CPU_AVX2) == (unsigned)(__builtin_cpu_supports("avx2") != 0));
    CHECK(HAS(FC_CPU_FMA) == (unsigned)(__builtin_cpu_supports("fma") != 0));
    CHECK(HAS(FC_CPU_AVX512F) == (unsigned)(__builtin_cpu_supports("avx512f") != 0));
    CHECK(HAS(FC_CPU_AVX512BW) == (unsigned)(__builtin_cpu_supports("avx512bw") != 0));
#endif
    /* Implications: a wider set is never reported without the narrower one. */
    if (HAS(FC_CPU_AVX2)) CHECK(HAS(FC_CPU_AVX));
    if (HAS(FC_CPU_AVX512F)) CHECK(HAS(FC_CPU_AVX2));
    if (HAS(FC_CPU_AVX512_VNNI)) CHECK(HAS(FC_CPU_AVX512F));

    const char *path = fc_cpu_kernel_path();
    CHECK(strcmp(path, "avx512") == 0 || strcmp(path, "avx2") == 0 || strcmp(path, "scalar") == 0);
    if (strcmp(path, "avx512") == 0) CHECK(HAS(FC_CPU_AVX512F));
    printf("kernel path: %s\n", path);
    return TEST_RESULT();
}
