export { writeFolderAtomic } from './write-folder-atomic'
export type { AutoencoderFile } from './autoencoder-files'
export { saveAutoencoder, loadAutoencoder, AUTOENCODER_FORMAT, AUTOENCODER_FORMAT_VERSION } from './autoencoder-files'
