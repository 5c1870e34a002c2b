export { saveDetector, loadDetector } from './detector-folder'
