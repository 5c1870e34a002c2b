/** The `E_FEATURE_COUNT` message of `aedetect score` for rows of `got` feature columns against a detector of `expected`. */
export function featureCountMessage(input: string, got: number | string, model: string, expected: number): string {
  return `${input}: rows have ${got} feature columns; the detector in ${model} was trained on ${expected}. Pass the same feature columns as at training (use --label to leave a label column out).`
}
