/* Built instead of cuda/ when CMake finds no CUDA compiler: the ABI stays the same, with no devices. */
#include "fc_internal.h"

int32_t fc_cuda_device_count(void) { return 0; }
