// Filled by the kernels split (issue 22): the kernels move here from @aedetect/models/src/kernels.
export {}
