// The code each scoring worker thread runs, as a CommonJS string for `new Worker(code, { eval: true })`: a
// worker needs a file of its own, and a bundled package has only its entries; the string needs none. It loads
// the built packages by the absolute paths the parent resolved (workerData.paths), starts the same tfjs backend
// as the parent, loads the detector folder once, then scores one task at a time.
//
// Task messages: { id, data: Float32Array, rows } (rows of samples) or { id, text: Uint8Array, skipRows }
// (CSV text parsed with workerData.parser, its first skipRows rows dropped). Replies: { id, scores, rows }
// or { id, error: { code, message } }. The first message is { ready: true, backend } or { ready: false, error }.
export const DETECTOR_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const describe = (error) => ({
  code: error && typeof error.code === 'string' ? error.code : 'E_WORKER',
  message: String(error && error.message !== undefined ? error.message : error),
  stack: error && error.stack ? String(error.stack) : undefined,
})
;(async () => {
  const tf = require(workerData.paths.tfjs)
  const models = require(workerData.paths.models)
  const detectorNode = require(workerData.paths.detector)
  tf.env().set('PROD', true)
  await models.initBackend({ backend: workerData.backend })
  if (tf.getBackend() !== workerData.backend) throw new Error('the ' + workerData.backend + " backend did not start in a worker thread (it runs '" + tf.getBackend() + "')")
  if (workerData.fastKernels) models.registerFastKernels()
  const parser = workerData.parser ? require(workerData.parser.module)[workerData.parser.name] : undefined
  const detector = await detectorNode.loadDetector(workerData.dir)
  const sampleShape = detector.state.sampleShape
  const width = sampleShape.reduce((a, b) => a * b, 1)
  parentPort.on('message', async (task) => {
    try {
      let data = task.data
      let rows = task.rows
      if (task.text !== undefined) {
        const table = parser(task.text, workerData.parser.options)
        const got = table.x.shape[1]
        if (got !== width) {
          const error = new Error(workerData.parser.widthMessage.replace('{got}', String(got)))
          error.code = 'E_FEATURE_COUNT'
          throw error
        }
        rows = table.x.shape[0] - task.skipRows
        data = table.x.data.subarray(task.skipRows * width)
      }
      if (data.length !== rows * width) {
        const error = new Error('scoreInWorkers(): rows have ' + data.length / rows + ' values each; the detector in ' + workerData.dir + ' was fitted on ' + width + ' per sample (shape [' + sampleShape.join(', ') + ']). Pass the same features, in the same order, as at fit time.')
        error.code = 'E_FEATURE_COUNT'
        throw error
      }
      const scores = await detector.score({ data, shape: [rows, ...sampleShape] })
      parentPort.postMessage({ id: task.id, scores, rows }, [scores.buffer])
    } catch (error) {
      parentPort.postMessage({ id: task.id, error: describe(error) })
    }
  })
  parentPort.postMessage({ ready: true, backend: tf.getBackend() })
})().catch((error) => parentPort.postMessage({ ready: false, error: describe(error) }))
`
