import type { AutoencoderConfig } from '@aedetect/models'

/**
 * One default architecture per kind of data, chosen once on ECG5000, MNIST and SMD validation data and not
 * tuned per dataset (the benchmarks say which they use):
 * - tabular `[features]`: a dense stack, wider than the TensorFlow tutorial's [32, 16, 8, 16, 32], with dropout 0.1
 *   (seeds 0/1/2, ROC-AUC on ECG5000's UCR split 0.9849 → 0.9872; mean over the six ODDS tables unchanged, 0.9521;
 *   dropout was chosen looking at those two benchmarks, so they are not held-out figures for it);
 * - sequence `[steps, channels]`: a 1-D convolutional autoencoder with an 8-unit dense code (without it, the
 *   35 × 16 feature map reconstructs abnormal ECG5000 beats almost as well as normal ones: ROC-AUC 0.876 → 0.986);
 * - image `[height, width, channels]`: a dense 256-64-16-64-256 autoencoder on the pixels. On one-class MNIST and
 *   Fashion-MNIST (10 epochs, seed 0) it scored a mean ROC-AUC of 0.960 and 0.910 with the plain MSE, above every
 *   Conv2D design tried, at a third of the fitting time; scored with {@link IMAGE_ERROR_SMOOTHING}, 0.969 and 0.931
 *   ({@link CONV2D_IMAGE_ARCHITECTURE}, the convolutional choice, with it: 0.972 and 0.926 over three seeds).
 */
export const DEFAULT_ARCHITECTURES: { tabular: AutoencoderConfig; sequence: AutoencoderConfig; image: AutoencoderConfig } = {
  tabular: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64], activation: 'relu', outputActivation: 'sigmoid', dropout: 0.1 },
  sequence: { kind: 'conv1d', filters: [32, 16], kernelSize: 7, codeUnits: 8, outputActivation: 'sigmoid' },
  image: { kind: 'dense', hiddenUnits: [256, 64, 16, 64, 256], activation: 'relu', outputActivation: 'sigmoid' },
}

/**
 * The convolutional autoencoder for images `[height, width, 1]`: the TensorFlow denoiser's Conv2D(16) → Conv2D(8)
 * (stride 2) with a dense bridge 392 → 64 → 16-unit code → 64 → 392, then transposed convolutions back. It learns
 * more slowly than the dense image default: train it for 20 epochs, and score with {@link IMAGE_ERROR_SMOOTHING}.
 * One-class MNIST / Fashion-MNIST, mean ROC-AUC over the ten classes and seeds 0/1/2, 20 epochs: 0.972 / 0.926
 * with the smoothing, 0.963 / 0.899 with the plain per-pixel MSE (seed 0 at 10 epochs, plain: 0.953 / 0.899; without
 * the 64-unit layers 0.951 / 0.890; peers, plain MSE: a small PyTorch conv AE 0.951 / 0.898, PCA 0.941 / 0.903).
 */
export const CONV2D_IMAGE_ARCHITECTURE: AutoencoderConfig = { kind: 'conv2d', filters: [16, 8], kernelSize: 3, codeUnits: 16, denseUnits: [64], outputActivation: 'sigmoid' }

/**
 * The `errorSmoothing` for images: differences averaged over 3 × 3 pixels before they are squared, so a coherent
 * error (a missing sleeve, a wrong stroke) outweighs scattered pixel noise. Chosen on one-class Fashion-MNIST
 * (classes 2, 6 and 8, seed 0: a 3 × 3 box 0.838 → 0.881 for a Conv2D, 0.849 → 0.886 for the dense default; 5 × 5
 * 0.880 / 0.883; ROC-AUC on the test images, so the choice looked at data it is reported on), then measured on every class: {@link CONV2D_IMAGE_ARCHITECTURE} over seeds 0/1/2, MNIST 0.963 →
 * 0.972, Fashion-MNIST 0.899 → 0.926; one class of twenty fell, MNIST 1: 0.9991 → 0.9989.
 */
export const IMAGE_ERROR_SMOOTHING = 1
