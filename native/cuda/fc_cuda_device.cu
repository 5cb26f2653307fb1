// CUDA device discovery; compiled only when CMake finds a CUDA compiler.
#include <cuda_runtime.h>

#include "../src/fc_internal.h"

extern "C" int32_t fc_cuda_device_count(void) {
    int count = 0;
    // No driver or no device is a normal answer (0), not an error worth surfacing.
    if (cudaGetDeviceCount(&count) != cudaSuccess) return 0;
    return count;
}
