export type { DetectorFolderOptions, DetectorSaveOptions } from './detector-folder'
export { saveDetector, loadDetector } from './detector-folder'
export { saveWindowDetector, loadWindowDetector } from './window-detector-folder'
