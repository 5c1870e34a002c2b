export type { DetectorOverrides, SeriesOverrides } from './overrides'
