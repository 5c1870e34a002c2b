import type { ThresholdOverride } from '@aedetect/charts'
import { classificationMetrics, predictLabels, type ClassificationMetrics } from '@aedetect/metrics'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ChartFigure } from './chart-figure'
import { loadCharts, type Charts } from './charts-loader'
import type { DemoResult } from './run-demo'
import { StrategyTable } from './strategy-table'
import { ThresholdControls } from './threshold-controls'

const f3 = (v: number): string => v.toFixed(3)

function MetricsRow({ label, m }: { label: string; m: ClassificationMetrics }) {
  return (
    <tr data-testid={`metrics-${m.positive}`}>
      <th>{label}</th>
      <td>{f3(m.precision)}</td>
      <td>{f3(m.recall)}</td>
      <td>{f3(m.f1)}</td>
      <td>{m.support}</td>
    </tr>
  )
}

const SPLIT_ORIGIN: Record<DemoResult['splitOrigin'], string> = {
  trained: 'the split this training drew',
  recorded: "the split recorded in the folder's experiment.json",
  'seeded-default': "no split was recorded: the package's seeded split with the detector's seed",
}

/** Props of {@link ReportView}. */
export interface ReportViewProps {
  result: DemoResult
}

/**
 * The evaluation of the test rows (`evaluateSampleDetector`'s output), its charts, a threshold set by hand that
 * recounts the test rows live (no retraining), every threshold strategy, and the explanations of flagged samples.
 */
export function ReportView({ result }: ReportViewProps) {
  const { evaluation, split, history } = result
  const { report, counts } = evaluation
  // Draw each chart at the width of its grid column, so its 10 px labels stay 10 px on a phone. Square charts stop at 360 px.
  const grid = useRef<HTMLDivElement>(null)
  const [column, setColumn] = useState<number | null>(null)
  useLayoutEffect(() => {
    const element = grid.current
    if (element === null) return undefined
    const measure = (): void => {
      // In steps of 8 px: dragging a window's edge redraws the charts every 8 px, not on every pixel.
      const width = Math.floor((element.firstElementChild ?? element).getBoundingClientRect().width / 8) * 8
      setColumn((old) => (old === width ? old : width))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  const [lib, setLib] = useState<Charts | null>(null)
  const [libError, setLibError] = useState<string | null>(null)
  useEffect(() => {
    loadCharts().then(setLib, (e: unknown) => setLibError(`The charts could not be loaded: ${e instanceof Error ? e.message : String(e)}`))
  }, [])

  // The threshold by hand: starts at the detector's, recounted from the test scores and labels in the page.
  const [threshold, setThreshold] = useState(report.threshold.value)
  useEffect(() => setThreshold(report.threshold.value), [result])
  const at = useMemo(() => {
    const { testLabels: labels, testScores: scores } = evaluation
    const predicted = predictLabels(scores, threshold)
    const override: ThresholdOverride = lib ? lib.thresholdOverride(labels, scores, threshold) : { value: threshold, confusionMatrix: report.confusionMatrix }
    return {
      override,
      anomaly: classificationMetrics(labels, predicted, { positive: 'anomaly' }),
      normal: classificationMetrics(labels, predicted, { positive: 'normal' }),
    }
  }, [evaluation, threshold, lib])
  const cm = at.override.confusionMatrix

  const wide = column === null ? null : { width: Math.max(200, column) }
  const square = column === null ? null : { width: Math.max(200, Math.min(column, 360)) }
  // The same chart code as the CLI's HTML report; threshold charts redraw at the page's threshold.
  const fixedCharts = useMemo(() => {
    if (wide === null || lib === null) return null
    const { lossCurvesSvg, reconstructionLinesSvg, reconstructionImageSvg, errorImageSvg } = lib
    const { normal, anomalous } = evaluation.examples
    const shape = result.imageShape
    // Images: input beside reconstruction, and where the error is (a heat map of the squared pixel differences).
    const draw = (e: typeof normal): string => (shape ? reconstructionImageSvg(e, { ...wide, shape }) : reconstructionLinesSvg(e, wide))
    return {
      loss: history && history.loss.length > 0 ? lossCurvesSvg(history, wide) : null,
      normal: draw(normal),
      anomalous: draw(anomalous),
      normalError: shape ? errorImageSvg(normal, { width: Math.max(200, Math.min(wide.width, 280)), shape }) : null,
      anomalousError: shape ? errorImageSvg(anomalous, { width: Math.max(200, Math.min(wide.width, 280)), shape }) : null,
    }
  }, [result, column, lib])
  const thresholdCharts = useMemo(() => {
    if (wide === null || square === null || lib === null) return null
    const options = { threshold: at.override }
    return {
      histogram: lib.errorHistogramSvg(report, { ...wide, ...options }),
      roc: lib.rocCurveSvg(report, { ...square, ...options }),
      pr: lib.prCurveSvg(report, { ...square, ...options }),
    }
  }, [result, column, lib, at])

  // Keep the keyboard where the new content is: after training or loading, focus the report's heading.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus({ preventScroll: true }), [result])
  const baseline = evaluation.baseline
  return (
    <section class="report" data-testid="report">
      <h2 tabIndex={-1} ref={heading}>Report on the test split</h2>
      <p class="muted" data-testid="split">
        Split ({SPLIT_ORIGIN[result.splitOrigin]}; {split.source}, seed {split.seed}): {counts.train.normal} normal rows train, {counts.validation.normal} normal
        rows validate, {counts.calibration.rows} anomalies outside the test split choose the threshold, {counts.test.rows} rows test ({counts.test.normal} normal,{' '}
        {counts.test.anomalous} anomalous).
        {result.fitMs > 0 ? <> Fitted in <span data-testid="fit-time" title={`${result.fitMs.toFixed(0)} ms`}>{(result.fitMs / 1000).toFixed(1)} s</span>.</> : ' Loaded detector.'}
      </p>
      <div class="figures">
        <div class="figure-card">
          <div class="big" data-testid="roc-auc">{f3(report.rocAuc)}</div>
          <div class="muted">ROC-AUC</div>
        </div>
        <div class="figure-card">
          <div class="big" data-testid="average-precision">{f3(report.averagePrecision)}</div>
          <div class="muted">average precision</div>
        </div>
        <div class="figure-card">
          <div class="big" data-testid="flagged">{cm.tp + cm.fp}</div>
          <div class="muted">flagged (score ≥ {threshold.toPrecision(4)})</div>
        </div>
      </div>
      {baseline ? (
        <p class="muted" data-testid="baseline">
          PCA baseline on the same split: ROC-AUC {baseline.rocAuc === null ? '–' : f3(baseline.rocAuc)}, average precision{' '}
          {baseline.averagePrecision === null ? '–' : f3(baseline.averagePrecision)}, F1 {f3(baseline.f1)} at its own threshold.
        </p>
      ) : null}
      <h3>Threshold</h3>
      <p class="muted">
        The detector chose {report.threshold.value.toPrecision(4)} ({report.threshold.strategy}) without the test rows. Move it here: the counts, the figures and
        the operating points below are recounted from the {counts.test.rows} test scores, without retraining.
      </p>
      <ThresholdControls scores={evaluation.testScores} value={threshold} detectorValue={report.threshold.value} onChange={setThreshold} />
      <div class="tables" aria-live="polite">
        <div class="scroll">
          <table class="confusion" data-testid="confusion-matrix">
            <caption>Confusion matrix</caption>
            <thead>
              <tr><th /><th>predicted normal</th><th>predicted anomaly</th></tr>
            </thead>
            <tbody>
              <tr><th>normal</th><td data-testid="tn">{cm.tn}</td><td data-testid="fp">{cm.fp}</td></tr>
              <tr><th>anomaly</th><td data-testid="fn">{cm.fn}</td><td data-testid="tp">{cm.tp}</td></tr>
            </tbody>
          </table>
        </div>
        <div class="scroll">
          <table>
            <caption>At the threshold, per positive class</caption>
            <thead>
              <tr><th>positive class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>
            </thead>
            <tbody>
              <MetricsRow label="anomaly" m={at.anomaly} />
              <MetricsRow label="normal" m={at.normal} />
            </tbody>
          </table>
        </div>
      </div>
      <StrategyTable rows={evaluation.thresholds} current={threshold} onApply={setThreshold} />
      {libError ? <p class="error" role="alert">{libError}</p> : null}
      <div class="charts" ref={grid}>
        {history && history.loss.length > 0 ? <ChartFigure name="loss" caption={`Loss per epoch; dashed: the best epoch (${history.bestEpoch}), whose weights were kept`} svg={fixedCharts?.loss ?? ''} /> : null}
        <ChartFigure name="histogram" caption={`Test scores of both classes; the line is the threshold ${threshold.toPrecision(3)}`} svg={thresholdCharts?.histogram ?? ''} />
        <ChartFigure name="roc" caption={`ROC curve · AUC ${f3(report.rocAuc)}; the ring is the operating point at the threshold`} svg={thresholdCharts?.roc ?? ''} />
        <ChartFigure name="pr" caption={`Precision-recall curve, anomaly positive · AP ${f3(report.averagePrecision)}; dashed: the anomaly rate`} svg={thresholdCharts?.pr ?? ''} />
        <ChartFigure name="sample-normal" caption={`${evaluation.examples.normal.title} and its reconstruction`} svg={fixedCharts?.normal ?? ''} />
        <ChartFigure name="sample-anomalous" caption={`${evaluation.examples.anomalous.title} and its reconstruction`} svg={fixedCharts?.anomalous ?? ''} />
        {fixedCharts?.normalError ? <ChartFigure name="error-normal" caption="Where the normal image reconstructs badly: squared error per pixel" svg={fixedCharts.normalError} /> : null}
        {fixedCharts?.anomalousError ? <ChartFigure name="error-anomalous" caption="Where the anomalous image reconstructs badly: squared error per pixel" svg={fixedCharts.anomalousError} /> : null}
      </div>
      <h3>Why flagged: the largest contributions to the error</h3>
      {evaluation.explanations.length === 0 ? (
        <p class="muted">No test sample is flagged at the detector's threshold.</p>
      ) : (
        <>
          <p class="muted" data-testid="frequent-features">
            Most often among the top 5 of the {report.flagged} samples flagged at the detector's threshold:{' '}
            {evaluation.topFeatures.map((f) => `${f.feature} (${f.flaggedSamples})`).join(', ')}.
          </p>
          <div class="scroll">
            <table data-testid="explanations">
              <thead>
                <tr><th>row</th><th>score</th><th>top 5 (share of the error, input → reconstruction)</th></tr>
              </thead>
              <tbody>
                {evaluation.explanations.slice(0, 8).map((e) => (
                  <tr>
                    <td data-testid="explanation-row">{e.row}</td>
                    <td title={String(e.score)} data-testid="explanation-score">{e.score.toPrecision(3)}</td>
                    <td>{e.top.map((c) => `${c.feature} ${(c.share * 100).toFixed(0)} % (${c.input.toFixed(2)} → ${c.reconstruction.toFixed(2)})`).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {report.warnings.length > 0 ? <ul class="warnings">{report.warnings.map((w) => <li>{w}</li>)}</ul> : null}
    </section>
  )
}
