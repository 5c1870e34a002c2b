export type { ReconstructionExample } from '@aedetect/charts'
