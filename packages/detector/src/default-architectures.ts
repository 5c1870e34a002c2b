import type { AutoencoderConfig } from '@aedetect/models'

/**
 * One default architecture per kind of data, chosen once on ECG5000, MNIST and SMD validation data and not
 * tuned per dataset (the benchmarks say which they use):
 * - tabular `[features]`: a dense stack, wider than the TensorFlow tutorial's [32, 16, 8, 16, 32];
 * - sequence `[steps, channels]`: a 1-D convolutional autoencoder with an 8-unit dense code (without it, the
 *   35 × 16 feature map reconstructs abnormal ECG5000 beats almost as well as normal ones: ROC-AUC 0.876 → 0.986);
 * - image `[height, width, channels]`: the 2-D convolutional autoencoder of the TensorFlow denoiser with a
 *   16-unit dense code (without it, its 8 × 7 × 7 feature map reconstructs every MNIST digit about as well:
 *   one-class ROC-AUC of MNIST class 0 was 0.63 after 10 epochs).
 */
export const DEFAULT_ARCHITECTURES: { tabular: AutoencoderConfig; sequence: AutoencoderConfig; image: AutoencoderConfig } = {
  tabular: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64], activation: 'relu', outputActivation: 'sigmoid' },
  sequence: { kind: 'conv1d', filters: [32, 16], kernelSize: 7, codeUnits: 8, outputActivation: 'sigmoid' },
  image: { kind: 'conv2d', filters: [16, 8], kernelSize: 3, codeUnits: 16, outputActivation: 'sigmoid' },
}
