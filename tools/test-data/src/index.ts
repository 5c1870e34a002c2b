export { REPO_ROOT, fixturePath, dataDir, datasetPath, hasDataset } from './paths'
export { readFixture } from './fixtures'
export type { Requirement } from './requires'
export { CHROMIUM_PATH, describeWith, testWith, missing, needsTag } from './requires'
